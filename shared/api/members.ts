/**
 * Wire schemas of the member lifecycle: invitations, re-send,
 * revoke, role change, removal, redemption and the member search (the safe's
 * audit trail is in audit.ts). Validation messages are field error codes (shared/errors.ts).
 */
import { z } from 'zod';
import { PHONE_INPUT_MAX, isCountryCode, validateMobileNumber, type CountryCode } from '../phone.ts';
import { displayText } from '../text.ts';
import { Email } from '../validation.ts';
import { MEMBER_SEARCH_MAX } from '../limits.ts';
import { Id, Language, Member, MemberListQuery, Role, SafeParams } from './schemas.ts';

// ---------------------------------------------------------------- the member list

export const MEMBER_SORTS = ['name', 'email', 'role', 'status', 'language'] as const;
export const MemberSort = z.enum(MEMBER_SORTS);
export type MemberSort = z.infer<typeof MemberSort>;
export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

export { MEMBER_SEARCH_MAX };

/**
 * `listMembers` query: the status filter and paging, plus a search in names
 * (case and accents ignored) and e-mail addresses, and the order. Names order
 * by their folded form, roles as the role catalogue lists them, ties by name.
 * `desc` reverses the whole order.
 */
export const MemberSearchQuery = MemberListQuery.extend({
  q: z.string().trim().max(MEMBER_SEARCH_MAX, { error: 'too_long' }).optional(),
  sort: MemberSort.default('name'),
  dir: SortDirection.default('asc'),
});
export type MemberSearchQuery = z.input<typeof MemberSearchQuery>;

export const MemberParams = SafeParams.extend({ memberId: Id });

// ---------------------------------------------------------------- headers

/** A random key (8–128 visible ASCII characters, e.g. a UUID) per attempt of a POST that must not apply twice. */
export const IdempotencyKey = z
  .string({ error: 'required' })
  .min(8, { error: 'invalid_value' })
  .max(128, { error: 'too_long' })
  .regex(/^[\x21-\x7e]+$/, { error: 'invalid_value' });

/** Header names as Node reports them: lower case. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': IdempotencyKey.describe(
    'Required. A random key (8–128 visible ASCII characters, e.g. a UUID) per invitation attempt.',
  ),
});

export const OptionalIdempotencyHeaders = z.object({
  'idempotency-key': IdempotencyKey.optional().describe(
    'Recommended. A random key per attempt: a retry with the same key and body gets the first answer and applies nothing again.',
  ),
});

export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(64)
    .optional()
    .describe('Required: the member’s ETag, e.g. `"3"`. Missing → 428, stale → 412.'),
});

/** `"3"` → 3 (also `W/"3"`); null when the value is not a version ETag. */
export function parseVersionEtag(value: string): number | null {
  const match = /^\s*(?:W\/)?"([1-9]\d{0,14})"\s*$/.exec(value);
  return match?.[1] ? Number(match[1]) : null;
}

export function versionEtag(version: number): string {
  return `"${version}"`;
}

// ---------------------------------------------------------------- invitations

export const PERSON_NAME_MAX = 100;

/** A person's name: the text rule of shared/text.ts, 1–100 characters. */
export const PersonName = displayText(PERSON_NAME_MAX);

export const CODE_DELIVERIES = ['display', 'sms'] as const;
export const CodeDelivery = z.enum(CODE_DELIVERIES);
export type CodeDelivery = z.infer<typeof CodeDelivery>;

/** A mobile number as typed, with its country (the wire request turns it into E.164). */
const MobileInput = z.object({
  country: z.string({ error: 'required' }).refine(isCountryCode, { error: 'invalid_value' }),
  number: z.string({ error: 'required' }).max(PHONE_INPUT_MAX, { error: 'too_long' }),
});

/**
 * The invitation's fields, defined once. The wire request below and the
 * IPC's `InvitationDraft` (shared/ipc/contract.ts) are built from them and
 * `checkMobile`, so both report a problem under the same path: `name`,
 * `email`, `role`, `language`, `codeDelivery`, `mobile` (missing for SMS),
 * `mobile.country`, `mobile.number`.
 */
export const INVITATION_FIELDS = {
  name: PersonName,
  email: Email,
  role: Role,
  language: Language,
  codeDelivery: CodeDelivery,
  /** Required for `sms`; dropped for `display`. */
  mobile: MobileInput.optional(),
};

/** Same fields, where unknown keys are refused rather than ignored (IPC). */
export const STRICT_INVITATION_FIELDS = { ...INVITATION_FIELDS, mobile: MobileInput.strict().optional() };

type InvitationFields = { codeDelivery: CodeDelivery; mobile?: { country: string; number: string } | undefined };

/**
 * The mobile number's rule: required for SMS, and when given, a mobile
 * number of its country. Adds the problem to `ctx`; the number as E.164
 * when there is one.
 */
export function checkMobile(
  value: InvitationFields,
  ctx: z.RefinementCtx,
): { country: CountryCode; e164: string } | null {
  const { mobile } = value;
  if (!mobile) {
    if (value.codeDelivery === 'sms') ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'required' });
    return null;
  }
  if (!isCountryCode(mobile.country)) return null; // reported by the field
  const result = validateMobileNumber(mobile.country, mobile.number);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', path: ['mobile', 'number'], message: result.code });
    return null;
  }
  return { country: mobile.country, e164: result.e164 };
}

/** The body of `inviteMember`; the server stores the mobile number (SMS only) as E.164. */
export const InvitationRequest = z.object(INVITATION_FIELDS).transform((value, ctx) => {
  const mobile = checkMobile(value, ctx);
  return { ...value, mobile: value.codeDelivery === 'sms' ? mobile : null };
});
export type InvitationRequest = z.input<typeof InvitationRequest>;

/** The invited (or re-sent) member; `securityCode` only for `display`, exactly once. */
export const InvitationResult = z.object({
  member: Member,
  codeDelivery: CodeDelivery,
  /** The code, for `display` only. It cannot be fetched again: a re-send makes a new one. */
  securityCode: z.string().optional(),
  /** E.164 number the code was sent to, for `sms` only. */
  sentTo: z.string().optional(),
  /** When the code stops working (ISO 8601). */
  expiresAt: z.string(),
});
export type InvitationResult = z.infer<typeof InvitationResult>;

export const RoleChangeRequest = z.object({ role: Role });

// ---------------------------------------------------------------- redemption

export const RedeemRequest = z.object({
  email: Email,
  code: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(64, { error: 'too_long' }),
  /**
   * The team safe the invitation is for, when the invitee knows it: only that
   * invitation is tried, and only it counts a wrong code.
   */
  safeId: Id.optional(),
});
export const RedeemResult = z.object({ safeId: Id, memberId: Id });
export type RedeemResult = z.infer<typeof RedeemResult>;

// ---------------------------------------------------------------- audit (shared/api/audit.ts)

export { AuditEntry, AuditPage, AuditQuery } from './audit.ts';
