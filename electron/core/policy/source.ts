/**
 * A policy source: one scope (machine or user) of one OS mechanism. The
 * readers never throw: whatever goes wrong becomes a status with a reason.
 */
import type { PolicyRead, PolicySourceReport, SourceReason } from '../../../shared/policy/resolve.ts';
import type { PolicyScope } from '../../../shared/policy/types.ts';

export interface PolicySource {
  scope: PolicyScope;
  /** A path or a registry key, shown in the About view and the log. */
  location: string;
  /** Files whose creation, change or removal means "read again"; empty: refresh on demand or by timer. */
  watchFiles: readonly string[];
  read(): Promise<PolicyRead>;
}

/** A read that found nothing to apply. */
export function notApplied(
  report: Omit<PolicySourceReport, 'status'> & { status: Exclude<PolicyRead['status'], 'applied'> },
): PolicyRead {
  return { ...report, values: {} };
}

export function failure(
  scope: PolicyScope,
  location: string,
  status: 'untrusted' | 'unreadable',
  reason: SourceReason,
  detail: string,
): PolicyRead {
  return notApplied({ scope, location, status, reason, detail });
}

/** A plain object (JSON object, plist dict), not an array, a date or a buffer. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
