/**
 * Text messages. The server sends through an `SmsGateway`; the reference
 * implementation, `OutboxSmsGateway`, records each message in the
 * `sms_outbox` table, where tests, the demo (GET /api/v1/dev/sms-outbox when
 * dev endpoints are on) and `node server/outbox-cli.ts` read it.
 *
 * A message's `secret` (the security code) is stored readable only while the
 * dev outbox is on (`keepSecrets`), and only until `expiresAt`; otherwise it
 * is masked before the text is written, and codes left from an earlier dev
 * run are deleted when the gateway starts.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Language } from '../shared/languages.ts';
import { plainText } from '../shared/text.ts';
import { queryAll, statement } from './db.ts';

export interface SmsMessage {
  /** E.164, e.g. `+41791234567`. */
  to: string;
  text: string;
  language: Language;
  /** The part of `text` nobody but the recipient may read (the security code). */
  secret?: string;
  /** When the secret stops being useful (ms since the epoch). */
  expiresAt?: number;
}

export interface SmsGateway {
  /** Resolves once the provider accepted the message; rejects when it did not. */
  send(message: SmsMessage): Promise<void>;
}

export interface OutboxMessage {
  id: number;
  to: string;
  text: string;
  language: string;
  createdAt: string;
}

export const MASK = '••••••••';

export class OutboxSmsGateway implements SmsGateway {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #keepSecrets: boolean;

  constructor(db: DatabaseSync, options: { now?: () => number; keepSecrets?: boolean } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#keepSecrets = options.keepSecrets ?? false;
    this.#sweep(this.#keepSecrets ? this.#now() : Number.POSITIVE_INFINITY);
  }

  send(message: SmsMessage): Promise<void> {
    const now = this.#now();
    this.#sweep(now);
    const keep = this.#keepSecrets && message.secret !== undefined && message.expiresAt !== undefined;
    const text = message.secret && !keep ? message.text.replaceAll(message.secret, MASK) : message.text;
    statement(
      this.#db,
      `INSERT INTO sms_outbox (to_number, text, language, created_at, holds_code, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      message.to,
      text,
      message.language,
      new Date(now).toISOString(),
      keep ? 1 : 0,
      keep ? (message.expiresAt ?? null) : null,
    );
    return Promise.resolve();
  }

  /** Drop every readable code that expired before `until` (all of them: +Infinity). */
  #sweep(until: number): void {
    statement(this.#db, 'DELETE FROM sms_outbox WHERE holds_code = 1 AND (expires_at IS NULL OR expires_at <= ?)').run(
      until === Number.POSITIVE_INFINITY ? Number.MAX_SAFE_INTEGER : until,
    );
  }
}

/** Messages in the outbox, oldest first; only those to `to` when given. */
export function readOutbox(db: DatabaseSync, filter: { to?: string; limit?: number } = {}): OutboxMessage[] {
  const limit = filter.limit ?? 1000;
  const rows = filter.to
    ? queryAll<RawOutboxRow>(
        db,
        'SELECT * FROM (SELECT * FROM sms_outbox WHERE to_number = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
        filter.to,
        limit,
      )
    : queryAll<RawOutboxRow>(
        db,
        'SELECT * FROM (SELECT * FROM sms_outbox ORDER BY id DESC LIMIT ?) ORDER BY id',
        limit,
      );
  return rows.map((row) => ({
    id: row.id,
    to: row.to_number,
    text: row.text,
    language: row.language,
    createdAt: row.created_at,
  }));
}

interface RawOutboxRow {
  id: number;
  to_number: string;
  text: string;
  language: string;
  created_at: string;
}

const SAFE_NAME_MAX = 40;

const INVITATION_TEXTS: Readonly<Record<Language, (safe: string, code: string, days: number) => string>> = {
  en: (safe, code, days) => `Your security code for the team safe "${safe}": ${code}. It is valid for ${days} days.`,
  de: (safe, code, days) => `Ihr Sicherheitscode für den Team-Safe «${safe}»: ${code}. Er ist ${days} Tage gültig.`,
  fr: (safe, code, days) =>
    `Votre code de sécurité pour le team safe « ${safe} » : ${code}. Il est valable ${days} jours.`,
  it: (safe, code, days) => `Il suo codice di sicurezza per il team safe «${safe}»: ${code}. È valido ${days} giorni.`,
};

/**
 * The invitation SMS, in the member's language, from sanitised parts: the
 * safe's name (whatever its source) loses control, line-break and bidi
 * characters and is shortened, so it cannot add lines or reorder the text.
 */
export function invitationSmsText(language: Language, safeName: string, code: string, validDays: number): string {
  return INVITATION_TEXTS[language](plainText(safeName, SAFE_NAME_MAX), code, Math.trunc(validDays));
}
