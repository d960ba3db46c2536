/**
 * Error codes that cross a boundary (server → main → renderer). Each code has
 * a translation under `errors.<code>`; the English `message` is for logs only.
 */
export const ERROR_CODES = [
  'invalid_payload',
  'invalid_credentials',
  'rate_limited',
  'server_unreachable',
  'server_timeout',
  'server_error',
  'invalid_server_response',
  'session_expired',
  'not_signed_in',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'wrong_host',
  'keychain_unavailable',
  'untrusted_sender',
  'unknown_channel',
  'internal',
  'offline',
  'cache_unavailable',
  // security groups
  'too_many_entries',
  'no_entries',
  'permission_required',
  'group_name_taken',
  // team-safe members and invitations
  'already_member',
  'member_limit_reached',
  'last_administrator',
  'not_invited',
  'precondition_failed',
  'precondition_required',
  'idempotency_conflict',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
  'sms_failed',
  'sms_cooldown',
  'sms_quota',
  // the desktop shell
  'desktop_only',
  // managed installs
  'policy_locked',
  'idle_signed_out',
  'server_policy_changed',
  // admin power features: CSV import, bulk invitations, undo
  'too_many_rows',
  'csv_empty',
  'csv_missing_columns',
  'csv_unreadable',
  'undo_expired',
  'undo_not_allowed',
  // CSV export
  'export_failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field-level validation problems, translated under `fieldErrors.<code>`. */
export const FIELD_ERROR_CODES = [
  'required',
  'too_long',
  // the text rule of human-readable fields (shared/text.ts)
  'invalid_characters',
  'invisible_only',
  'invalid_email',
  'invalid_server_url',
  'insecure_server_url',
  'invalid_value',
  // mobile numbers
  'invalid_phone',
  'not_mobile',
  'wrong_country',
  // machine policy
  'locked_by_policy',
  'above_policy_limit',
  'country_not_allowed',
  // bulk invitations
  'unknown_role',
  'unknown_language',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined) → problem, for `invalid_payload`. */
  fields?: Record<string, FieldErrorCode>;
  retryAfterSeconds?: number;
  /** For `permission_required`: the catalogue key of the missing feature permission. */
  permission?: string;
  /**
   * For conflicts (`precondition_failed`, `not_invited` on a replay): the
   * current state of what the request was about, e.g. the member (null: gone).
   */
  current?: unknown;
}

/**
 * A value, or the error that came instead. What crosses a boundary that must
 * not throw (IPC, the preview bridge) and what a store action hands a view.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, FieldErrorCode>;
  readonly retryAfterSeconds?: number;
  readonly permission?: string;
  readonly current?: unknown;

  constructor(code: ErrorCode, message: string, extra: Omit<AppErrorShape, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
    if (extra.permission !== undefined) this.permission = extra.permission;
    if (extra.current !== undefined) this.current = extra.current;
  }

  /** The error again on this side of a boundary, every field kept (`current` too). */
  static fromShape(shape: AppErrorShape): AppError {
    const { code, message, ...extra } = shape;
    return new AppError(code, message, extra);
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.permission !== undefined ? { permission: this.permission } : {}),
      ...(this.current !== undefined ? { current: this.current } : {}),
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Any thrown value as an `AppErrorShape`: an `AppError` as it is, anything else `internal`. */
export function asErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);
}
