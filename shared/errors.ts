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
  'keychain_unavailable',
  'untrusted_sender',
  'unknown_channel',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field-level validation problems, translated under `fieldErrors.<code>`. */
export const FIELD_ERROR_CODES = [
  'required',
  'too_long',
  'invalid_email',
  'invalid_server_url',
  'insecure_server_url',
  'invalid_value',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined) → problem, for `invalid_payload`. */
  fields?: Record<string, FieldErrorCode>;
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, FieldErrorCode>;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, extra: Omit<AppErrorShape, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export function isFieldErrorCode(value: unknown): value is FieldErrorCode {
  return typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);
}
