import { describe, expect, it } from 'vitest';
import { installPermissionPolicy, type PermissionSession } from '../../electron/main/shell/permissions.ts';
import { APP_ORIGIN } from '../../electron/core/security.ts';
import { recordingLog } from './stand-ins.ts';

type RequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];

/** The real policy, installed on a session stand-in that records its handlers. */
function install() {
  let request: RequestHandler | null = null;
  let check: CheckHandler | null = null;
  const session: PermissionSession = {
    setPermissionRequestHandler: (handler) => (request = handler),
    setPermissionCheckHandler: (handler) => (check = handler),
  };
  installPermissionPolicy(session, [APP_ORIGIN], recordingLog());
  expect(request).not.toBeNull();
  expect(check).not.toBeNull();
  const ask = (permission: string, requestingUrl: string, isMainFrame = true): boolean => {
    let granted: boolean | null = null;
    request!({}, permission, (answer) => (granted = answer), { requestingUrl, isMainFrame });
    expect(granted, `no answer for ${permission}`).not.toBeNull();
    return granted!;
  };
  const probe = (permission: string, origin: string, isMainFrame = true) =>
    check!({}, permission, origin, { requestingUrl: `${origin}/index.html`, isMainFrame });
  return { ask, probe };
}

describe('permission policy installed on the session', () => {
  it('grants the sanitised clipboard write to the app’s own top-level document', () => {
    const { ask, probe } = install();
    expect(ask('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(probe('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
  });

  it('denies the clipboard write to other origins and to sub-frames', () => {
    const { ask, probe } = install();
    expect(ask('clipboard-sanitized-write', 'https://evil.example/page')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'file:///tmp/x.html')).toBe(false);
    expect(ask('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`, false)).toBe(false);
    expect(probe('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(probe('clipboard-sanitized-write', APP_ORIGIN, false)).toBe(false);
  });

  it.each(['clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fullscreen', 'unknown'])(
    'denies %s even to the app',
    (permission) => {
      const { ask, probe } = install();
      expect(ask(permission, `${APP_ORIGIN}/index.html`)).toBe(false);
      expect(probe(permission, APP_ORIGIN)).toBe(false);
    },
  );
});
