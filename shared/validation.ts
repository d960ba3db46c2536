import { z } from 'zod';
import { isFieldErrorCode, type FieldErrorCode } from './errors.ts';

/** Schemas use field error codes as their messages; this maps a failure to them. */
export function fieldErrors(error: z.ZodError): Record<string, FieldErrorCode> {
  const fields: Record<string, FieldErrorCode> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (fields[key]) continue;
    fields[key] = isFieldErrorCode(issue.message) ? issue.message : 'invalid_value';
  }
  return fields;
}

export const Email = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .max(254, { error: 'too_long' })
  .pipe(z.email({ error: 'invalid_email' }))
  .transform((value) => value.toLowerCase());

export const Password = z.string({ error: 'required' }).min(1, { error: 'required' }).max(1024, { error: 'too_long' });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL's hostname names this machine: the only place plain http may go. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * A backend address: http(s) only, no credentials, no path tricks. Plain http
 * is accepted only for loopback (the embedded reference server); anything
 * that leaves the machine must use https. Normalised to its origin.
 */
export const ServerUrl = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .max(2048, { error: 'too_long' })
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'invalid_server_url' });
      return z.NEVER;
    }
    const validScheme = url.protocol === 'https:' || url.protocol === 'http:';
    if (!validScheme || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
      ctx.addIssue({ code: 'custom', message: 'invalid_server_url' });
      return z.NEVER;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'insecure_server_url' });
      return z.NEVER;
    }
    return url.origin;
  });

/**
 * The sign-in form. The contract's `session:signIn` request is this schema;
 * the sign-in screen checks it from here, so its first chunk does not carry
 * the whole contract (and the phone metadata the invitation schema needs).
 */
export const SignInRequest = z.object({ serverUrl: ServerUrl, email: Email, password: Password }).strict();
