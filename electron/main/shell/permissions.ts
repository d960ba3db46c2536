/**
 * Which web permission the window gets: exactly one, the sanitised
 * clipboard write, to the app's own top-level document (so a copy through
 * the web API works too, not only the `clipboard:writeText` channel).
 * Everything else — camera, notifications, clipboard reading, opening
 * external apps, … — is denied, and so is any other origin or frame.
 */
import { originOf } from '../../core/sender.ts';
import type { Logger } from '../../core/log.ts';

export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export interface PermissionRequest {
  permission: string;
  /** The URL (request) or origin (check) asking. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

export function isPermissionGranted(request: PermissionRequest, allowedOrigins: readonly string[]): boolean {
  if (!GRANTED_PERMISSIONS.has(request.permission) || !request.isMainFrame) return false;
  const origin = request.requestingUrl ? originOf(request.requestingUrl) : null;
  return origin !== null && allowedOrigins.includes(origin);
}

/** The part of Electron's `Session` this needs. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string; isMainFrame: boolean },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: { requestingUrl?: string; isMainFrame: boolean },
    ) => boolean,
  ): void;
}

export function installPermissionPolicy(session: PermissionSession, allowedOrigins: readonly string[], log: Logger) {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionGranted(
      { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
      allowedOrigins,
    );
    if (!granted) log.info(`permission denied: ${permission}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(
      { permission, requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame },
      allowedOrigins,
    ),
  );
}
