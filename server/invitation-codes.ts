/**
 * Invitation security codes: random, shown or sent once, stored only as
 * scrypt hashes, valid for seven days, locked after five wrong attempts
 * until re-sent.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { CodeDelivery } from '../shared/api/members.ts';
import type { SmsDeliveryState } from '../shared/api/pipeline.ts';
import { queryOne } from './db.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const INVITATION_VALID_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_VALID_DAYS * DAY_MS;
/** Wrong codes tried against an invitation before it locks (until re-sent). */
export const MAX_CODE_ATTEMPTS = 5;

/** 32 symbols without look-alikes (no 0/O, no 1/I): 8 of them are 40 random bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

/** A new security code: CODE_LENGTH symbols of CODE_ALPHABET, uniformly random. */
export function newSecurityCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: taking the low five bits is unbiased
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length] ?? '';
  return code;
}

/** What the invitee typed → the stored form: no spaces or dashes, upper case. */
export function normaliseSecurityCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** A pending invitation's code, as stored. */
export interface CodeRow {
  member_id: string;
  code_hash: string;
  delivery: CodeDelivery;
  mobile: string | null;
  issued_at: number;
  expires_at: number;
  failed_attempts: number;
  /** How often the invitation was re-sent. */
  resend_count: number;
  /** The gateway's id of the current code's text, and its delivery state (SMS only). */
  sms_message_id: string | null;
  sms_state: SmsDeliveryState | null;
  sms_state_at: number | null;
}

export function codeRow(db: DatabaseSync, memberId: string): CodeRow | undefined {
  return queryOne<CodeRow>(db, 'SELECT * FROM invitation_codes WHERE member_id = ?', memberId);
}
