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
 *
 * Delivery states: a gateway answers `send` with a receipt (its
 * message id and the state it reports: usually `sent`); later states
 * (`delivered`, `failed`) arrive as status reports, `recordSmsStatus`. The
 * server keeps the state of each invitation's current text with its code.
 * The reference gateway reports deterministic states for test numbers
 * (SMS_TEST_NUMBERS), and the dev endpoint POST /api/v1/dev/sms-outbox/status
 * plays the provider's status reports.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SmsDeliveryState } from '../shared/api/pipeline.ts';
import type { Language } from '../shared/languages.ts';
import { plainText } from '../shared/text.ts';
import { queryAll, queryOne, statement } from './db.ts';

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

/** What a gateway says about a message it accepted. */
export interface SmsReceipt {
  /** The gateway's id of the message, named again in its status reports. */
  messageId: string;
  state: SmsDeliveryState;
}

export interface SmsGateway {
  /**
   * Resolves once the provider accepted the message (with a receipt, when
   * the provider gives one; without, the message counts as `sent`); rejects
   * when it did not accept it.
   */
  send(message: SmsMessage): Promise<SmsReceipt | void>;
}

export interface OutboxMessage {
  id: number;
  to: string;
  text: string;
  language: string;
  createdAt: string;
  /** The delivery state of an invitation's text (null once the invitation is redeemed, revoked or re-sent). */
  state: SmsDeliveryState | null;
}

/**
 * Numbers the reference gateway treats specially, by their last four
 * digits: a text to a number ending in `0000` fails (as an unreachable
 * phone would), one ending in `1111` stays queued; every other is sent.
 * For tests and demos: `+41 79 123 00 00` fails, `+41 79 123 11 11` stays queued.
 */
export const SMS_TEST_NUMBERS = { failing: '0000', queued: '1111' } as const;

export function referenceDeliveryState(to: string): SmsDeliveryState {
  if (to.endsWith(SMS_TEST_NUMBERS.failing)) return 'failed';
  if (to.endsWith(SMS_TEST_NUMBERS.queued)) return 'queued';
  return 'sent';
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

  send(message: SmsMessage): Promise<SmsReceipt> {
    const now = this.#now();
    this.#sweep(now);
    const keep = this.#keepSecrets && message.secret !== undefined && message.expiresAt !== undefined;
    const text = message.secret && !keep ? message.text.replaceAll(message.secret, MASK) : message.text;
    const { lastInsertRowid } = statement(
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
    return Promise.resolve({ messageId: String(lastInsertRowid), state: referenceDeliveryState(message.to) });
  }

  /** Drop every readable code that expired before `until` (all of them: +Infinity). */
  #sweep(until: number): void {
    statement(this.#db, 'DELETE FROM sms_outbox WHERE holds_code = 1 AND (expires_at IS NULL OR expires_at <= ?)').run(
      until === Number.POSITIVE_INFINITY ? Number.MAX_SAFE_INTEGER : until,
    );
  }
}

const WITH_STATE = `SELECT o.*, c.sms_state FROM (%) o
  LEFT JOIN invitation_codes c ON c.sms_message_id = CAST(o.id AS TEXT) ORDER BY o.id`;

/** Messages in the outbox, oldest first; only those to `to` when given. */
export function readOutbox(db: DatabaseSync, filter: { to?: string; limit?: number } = {}): OutboxMessage[] {
  const limit = filter.limit ?? 1000;
  const rows = filter.to
    ? queryAll<RawOutboxRow>(
        db,
        WITH_STATE.replace('%', 'SELECT * FROM sms_outbox WHERE to_number = ? ORDER BY id DESC LIMIT ?'),
        filter.to,
        limit,
      )
    : queryAll<RawOutboxRow>(db, WITH_STATE.replace('%', 'SELECT * FROM sms_outbox ORDER BY id DESC LIMIT ?'), limit);
  return rows.map((row) => ({
    id: row.id,
    to: row.to_number,
    text: row.text,
    language: row.language,
    createdAt: row.created_at,
    state: row.sms_state,
  }));
}

interface RawOutboxRow {
  id: number;
  to_number: string;
  text: string;
  language: string;
  created_at: string;
  sms_state: SmsDeliveryState | null;
}

/** The newest outbox message to `to`, for the dev endpoint's "mark the last text to this number". */
export function lastOutboxMessageTo(db: DatabaseSync, to: string): number | undefined {
  return queryOne<{ id: number }>(db, 'SELECT MAX(id) AS id FROM sms_outbox WHERE to_number = ?', to)?.id ?? undefined;
}

/**
 * Keep what the gateway answered for the text with an invitation's code
 * (`codeHash` names that code: a re-send meanwhile made another one). No
 * receipt: the gateway accepted it without one, so it counts as `sent`.
 */
export function recordSmsReceipt(
  db: DatabaseSync,
  memberId: string,
  codeHash: string,
  receipt: { messageId: string | null; state: SmsDeliveryState } | void,
  at: number,
): void {
  statement(
    db,
    `UPDATE invitation_codes SET sms_message_id = ?, sms_state = ?, sms_state_at = ?
      WHERE member_id = ? AND code_hash = ? AND delivery = 'sms'`,
  ).run(receipt?.messageId ?? null, receipt?.state ?? 'sent', at, memberId, codeHash);
}

/** A provider's status report for one of its messages; false when no current invitation code has that message. */
export function recordSmsStatus(db: DatabaseSync, messageId: string, state: SmsDeliveryState, at: number): boolean {
  const { changes } = statement(
    db,
    'UPDATE invitation_codes SET sms_state = ?, sms_state_at = ? WHERE sms_message_id = ?',
  ).run(state, at, messageId);
  return Number(changes) > 0;
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
