/**
 * What main and the renderer agree on about updates: the mode IT chooses
 * (policy `UpdateMode`), the feed address rule (policy `UpdateUrl`), and the
 * status main pushes so the UI can show a banner or "Restart to update".
 */
import { z } from 'zod';
import { isLoopbackHost } from './validation.ts';

/** off: never checks; notify: checks and announces; auto: downloads and offers a restart. */
export const UPDATE_MODES = ['off', 'notify', 'auto'] as const;
export const UpdateMode = z.enum(UPDATE_MODES);
export type UpdateMode = z.infer<typeof UpdateMode>;

export const UPDATE_STATES = ['disabled', 'idle', 'checking', 'available', 'downloading', 'ready', 'error'] as const;
export const UpdateState = z.enum(UPDATE_STATES);
export type UpdateState = z.infer<typeof UpdateState>;

/** Why a check failed; each code gets a translation where the UI shows it. */
export const UPDATE_ERROR_CODES = [
  'feed_unreachable',
  'feed_not_found',
  'feed_invalid',
  'insecure_feed',
  'download_failed',
  'signature_invalid',
  'not_supported',
  'unknown',
] as const;
export const UpdateErrorCode = z.enum(UPDATE_ERROR_CODES);
export type UpdateErrorCode = z.infer<typeof UpdateErrorCode>;

/**
 * Why the mode in effect is what it is, so the UI can say who decides:
 * `configured` (policy or the user chose it), `default` (nobody did),
 * `managed-install` (an MSI/pkg/deb/rpm install: IT or the package manager
 * updates it, so the default is off), `announce-only` (auto was asked for but
 * this install cannot replace itself, so it only announces), `unpackaged`
 * (a development or preview run: nothing to update by default).
 */
export const UPDATE_REASONS = ['configured', 'default', 'managed-install', 'announce-only', 'unpackaged'] as const;
export const UpdateReason = z.enum(UPDATE_REASONS);
export type UpdateReason = z.infer<typeof UpdateReason>;

export const UpdateStatus = z
  .object({
    mode: UpdateMode,
    reason: UpdateReason,
    state: UpdateState,
    currentVersion: z.string(),
    availableVersion: z.string().optional(),
    releaseNotesUrl: z.url({ protocol: /^https$/ }).optional(),
    error: UpdateErrorCode.optional(),
    /** When the last check finished (ISO 8601). */
    checkedAt: z.iso.datetime().optional(),
  })
  .strict();
export type UpdateStatus = z.infer<typeof UpdateStatus>;

/**
 * The vendor's feed, the `publish` URL in electron-builder.yml (a test keeps
 * the two equal). `UpdateUrl` replaces it for organisations that mirror it.
 */
export const DEFAULT_UPDATE_FEED_URL = 'https://updates.teamsafeadmin.example/desktop';

/**
 * An update feed's base URL (the folder that holds `latest.yml`): https, no
 * credentials, query or fragment. Plain http only on loopback, where test
 * feeds run, like the server address rule. Normalised without a trailing slash.
 */
export const UpdateFeedUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'feed_invalid' });
      return z.NEVER;
    }
    const validScheme = url.protocol === 'https:' || url.protocol === 'http:';
    if (!validScheme || url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'feed_invalid' });
      return z.NEVER;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'insecure_feed' });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });

/** Why a feed address was refused, as an update error code. */
export function feedUrlErrorCode(error: z.ZodError): UpdateErrorCode {
  const message = error.issues[0]?.message;
  return UPDATE_ERROR_CODES.find((code) => code === message) ?? 'feed_invalid';
}
