/**
 * Bulk invitations: what each row of a request would do. The dry
 * run answers with this plan and writes nothing; the real run makes the
 * same plan inside its transaction and carries it out
 * (handlers/bulk-invite.ts), so both runs give every row the same outcome.
 *
 * A row is checked in this order, the first failing check deciding:
 * 1. its fields, exactly as a single invitation's (`InvitationRequest`);
 *    a role or language the catalogue does not know is `unknown_role` /
 *    `unknown_language` (empty: `required`) → `invalid`;
 * 2. an earlier row with the same address → `duplicate`;
 * 3. the address is in the safe already → `already_member`;
 * 4. no place left under the member limit (placesTaken, the one rule;
 *    the rows before it took theirs) → `over_limit`;
 * 5. an SMS row beyond the safe's hourly SMS quota → `sms_quota`;
 * otherwise → `invite`. Permission (administrator of the safe) is the
 * route's access; the last-administrator rule concerns demotions and
 * removals, which an invitation never is.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { BulkInvitationRow, BulkInvitationRowResult, BulkInviteColumn } from '../shared/api/bulk-invite.ts';
import { InvitationRequest } from '../shared/api/members.ts';
import type { FieldErrorCode } from '../shared/errors.ts';
import { fieldErrors } from '../shared/validation.ts';
import { isInSafe, placesTaken } from './members.ts';
import type { NewInvitation } from './invitations.ts';
import type { SmsSendLimiter } from './sms-limits.ts';
import type { SafeRow } from './team-safes.ts';

export type CheckedRow =
  { ok: true; invitation: NewInvitation } | { ok: false; fields: Partial<Record<BulkInviteColumn, FieldErrorCode>> };

/** Where a field error of InvitationRequest shows in a row. */
const COLUMN_OF: Readonly<Record<string, BulkInviteColumn>> = {
  name: 'name',
  email: 'email',
  role: 'role',
  language: 'language',
  codeDelivery: 'codeDelivery',
  mobile: 'mobile',
  'mobile.number': 'mobile',
  'mobile.country': 'country',
};

/** Codes for a value outside a fixed list (the schema's enums say only `invalid_value`). */
const UNKNOWN: Partial<Record<BulkInviteColumn, FieldErrorCode>> = {
  role: 'unknown_role',
  language: 'unknown_language',
  codeDelivery: 'invalid_value',
};

/** A row's cells, validated exactly as a single invitation's body. */
export function checkRow(row: BulkInvitationRow): CheckedRow {
  const given = (value: string | undefined) => (value ?? '').trim();
  const mobile = given(row.mobile);
  const country = given(row.country);
  const input: z.input<typeof InvitationRequest> = {
    name: row.name ?? '',
    email: row.email ?? '',
    role: given(row.role) as z.input<typeof InvitationRequest>['role'],
    language: given(row.language) as z.input<typeof InvitationRequest>['language'],
    codeDelivery: given(row.codeDelivery) as z.input<typeof InvitationRequest>['codeDelivery'],
    ...(mobile !== '' || country !== '' ? { mobile: { country, number: mobile } } : {}),
  };
  const parsed = InvitationRequest.safeParse(input);
  if (parsed.success) return { ok: true, invitation: parsed.data };
  const fields: Partial<Record<BulkInviteColumn, FieldErrorCode>> = {};
  for (const [path, code] of Object.entries(fieldErrors(parsed.error))) {
    const column = COLUMN_OF[path];
    if (column === undefined || fields[column]) continue;
    fields[column] = given(row[column]) === '' ? 'required' : (UNKNOWN[column] ?? code);
  }
  return { ok: false, fields };
}

export interface PlannedRow {
  result: BulkInvitationRowResult;
  /** For `invite`: what to insert. */
  invitation?: NewInvitation;
}

/**
 * The plan for `rows` (indexes of `skip` are left out: rows a retry already
 * invited, whose places are taken). Reads only.
 */
export function planBulkInvitation(
  db: DatabaseSync,
  safe: SafeRow,
  rows: readonly CheckedRow[],
  smsLimit: SmsSendLimiter,
  now: number,
  skip: ReadonlySet<number> = new Set(),
): Map<number, PlannedRow> {
  const plan = new Map<number, PlannedRow>();
  const first = new Map<string, number>();
  let free = safe.member_limit - placesTaken(db, safe.id);
  const quota = smsLimit.quota(safe.id, now);
  let smsLeft = quota.left;
  rows.forEach((row, index) => {
    if (skip.has(index)) return;
    if (!row.ok) {
      plan.set(index, { result: { index, outcome: 'invalid', fields: row.fields } });
      return;
    }
    const { email } = row.invitation;
    const base = { index, email };
    const earlier = first.get(email);
    if (earlier !== undefined) {
      plan.set(index, { result: { ...base, outcome: 'duplicate', duplicateOf: earlier } });
      return;
    }
    first.set(email, index);
    if (isInSafe(db, safe.id, email)) {
      plan.set(index, { result: { ...base, outcome: 'already_member' } });
      return;
    }
    if (free <= 0) {
      plan.set(index, { result: { ...base, outcome: 'over_limit' } });
      return;
    }
    const sms = row.invitation.codeDelivery === 'sms';
    if (sms && smsLeft <= 0) {
      const error = {
        code: 'sms_quota' as const,
        message: 'This team safe has sent as many texts within the last hour as it may.',
        retryAfterSeconds: quota.retryAfterSeconds,
      };
      plan.set(index, { result: { ...base, outcome: 'sms_quota', error } });
      return;
    }
    free--;
    if (sms) smsLeft--;
    plan.set(index, { result: { ...base, outcome: 'invite' }, invitation: row.invitation });
  });
  return plan;
}
