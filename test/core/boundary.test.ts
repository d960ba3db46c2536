import { UNMANAGED_DEFAULTS } from '../../shared/ipc/settings-defaults.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract.ts';
import { testCores } from '../helpers/core.ts';
import type { Core } from '../../electron/core/core.ts';
import { createLogger, redact } from '../../electron/core/log.ts';
import { isTrustedSender, originOf } from '../../electron/core/sender.ts';
import { isAllowedNavigation, resolveAppFile, APP_ORIGIN } from '../../electron/core/security.ts';

describe('IPC dispatcher', () => {
  let dir: string;
  let core: Core;
  const lines: string[] = [];
  const cores = testCores();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-dispatch-'));
    core = await cores.open({
      dataDir: dir,
      defaultServerUrl: 'http://127.0.0.1:9',
      log: createLogger((line) => lines.push(line)),
    });
  });
  afterAll(async () => {
    await cores.disposeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const malformed: unknown[] = [undefined, null, 42, 'text', [], { unexpected: true }];

  it.each(CHANNELS)('refuses malformed payloads on %s with a typed error', async (channel) => {
    for (const payload of malformed) {
      const result = await core.dispatch(channel, payload);
      expect(result.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_payload');
    }
  });

  it('refuses channels outside the contract', async () => {
    for (const channel of ['session:steal', '', 42, null, '__proto__', 'toString']) {
      const result = await core.dispatch(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('names the bad fields of a sign-in and never logs the password', async () => {
    const result = await core.dispatch('session:signIn', {
      serverUrl: 'not a url',
      email: 'nobody-at-example',
      password: 'hunter2-secret',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', fields: { serverUrl: 'invalid_server_url', email: 'invalid_email' } },
    });
    expect(lines.join('\n')).not.toContain('hunter2-secret');
  });

  it('refuses plain http to a remote server but accepts it on loopback', async () => {
    const remote = await core.dispatch('session:signIn', {
      serverUrl: 'http://safe.example.com',
      email: 'a@b.ch',
      password: 'x',
    });
    expect(remote).toMatchObject({ ok: false, error: { fields: { serverUrl: 'insecure_server_url' } } });
  });

  it('answers an unreachable server with server_unreachable', async () => {
    const result = await core.dispatch('session:signIn', {
      serverUrl: 'http://127.0.0.1:9',
      email: 'anna@example.ch',
      password: 'whatever',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
  });

  it('needs a session for data channels', async () => {
    const result = await core.dispatch('safes:list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('keeps the language setting', async () => {
    const expected = { ...UNMANAGED_DEFAULTS, language: 'it' };
    expect(await core.dispatch('settings:update', { language: 'it' })).toEqual({ ok: true, value: expected });
    expect(await core.dispatch('settings:get', {})).toEqual({ ok: true, value: expected });
    expect(await core.dispatch('settings:update', { cacheMaxAgeDays: 0 })).toMatchObject({ ok: false });
    expect(await core.dispatch('settings:update', { language: 'xx' })).toMatchObject({ ok: false });
  });
});

describe('sender and navigation checks', () => {
  it('trusts only the app origin in a main frame', () => {
    expect(originOf(`${APP_ORIGIN}/index.html`)).toBe(APP_ORIGIN);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: true }, [APP_ORIGIN])).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: false }, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/index.html', isMainFrame: true }, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isMainFrame: true }, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender(null, [APP_ORIGIN])).toBe(false);
  });

  it('never navigates to file:// or elsewhere', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/#/safes`, [APP_ORIGIN])).toBe(true);
    expect(isAllowedNavigation('file:///tmp/x.html', [APP_ORIGIN])).toBe(false);
    expect(isAllowedNavigation('https://example.com', [APP_ORIGIN])).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', [APP_ORIGIN])).toBe(false);
  });

  it('serves only files inside the renderer folder', () => {
    expect(resolveAppFile('/app/renderer', '/')).toBe('/app/renderer/index.html');
    expect(resolveAppFile('/app/renderer', '/assets/index.js')).toBe('/app/renderer/assets/index.js');
    expect(resolveAppFile('/app/renderer', '/../secrets.txt')).toBeNull();
    expect(resolveAppFile('/app/renderer', '/assets/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppFile('/app/renderer', '/a%00b')).toBeNull();
  });
});

describe('log redaction', () => {
  it('scrubs bearer tokens and secret-looking fields', () => {
    const line = redact('Authorization: Bearer abc.def-123 {"refreshToken":"r-456","password":"p"}');
    expect(line).not.toMatch(/abc\.def-123|r-456|"p"/);
    expect(line).toContain('[redacted]');
  });

  it('scrubs e-mail addresses, phone numbers, security codes and opaque tokens, and keeps the rest', () => {
    const line = redact(
      'invited jane.doe+x@example.co.uk to safe-research, SMS to +41 79 123 45 67, code ABCDEFGH; ' +
        'other code K7M2Q9XP; token-ish vGq3kYt1mXz0aB9cD8eF7gH6iJ5kL4mN3oP2qR1sT0u; ipc members:invite: sms_failed',
    );
    expect(line).toBe(
      'invited [email] to safe-research, SMS to [phone], code [code]; other code [code]; token-ish [redacted]; ' +
        'ipc members:invite: sms_failed',
    );
    expect(redact('code rejected, Code 23456789')).toBe('code rejected, Code [code]');
  });
});
