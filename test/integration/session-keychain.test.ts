/**
 * The session against the real reference server and the real Secret
 * Service (gnome-keyring in the test's private D-Bus session).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/core/log.ts';
import { createKeytarStore, keychainAccount } from '../../electron/core/keychain.ts';
import type { Core } from '../../electron/core/core.ts';
import { TEST_KEYCHAIN_SERVICE, testCores } from '../helpers/core.ts';
import { startSeededServer } from '../helpers/server.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('session and keychain', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let dataDir: string;
  const logLines: string[] = [];
  const keychain = createKeytarStore(TEST_KEYCHAIN_SERVICE);
  const cores = testCores();
  const newCore = (): Promise<Core> =>
    cores.open({
      dataDir,
      defaultServerUrl: server.url,
      log: createLogger((line) => logLines.push(line)),
    });

  beforeAll(async () => {
    server = await startSeededServer();
    dataDir = mkdtempSync(join(tmpdir(), 'tsa-keychain-'));
  });
  afterAll(async () => {
    await cores.disposeAll();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the refresh token in the keychain only, restores it, and removes it on sign-out', async () => {
    const admin = server.accounts.admin;
    const account = keychainAccount(server.url, admin.email);
    const core = await newCore();
    const signedIn = await core.dispatch('session:signIn', {
      serverUrl: server.url,
      email: admin.email.toUpperCase(),
      password: admin.password,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'signedIn', user: { email: admin.email } } });
    // The renderer's answer carries no token of any kind.
    expect(JSON.stringify(signedIn)).not.toMatch(/token/i);

    const refreshToken = await keychain.get(account);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const safes = await core.dispatch('safes:list', {});
    expect(safes.ok).toBe(true);

    // Nothing secret in the app's data folder or the log.
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(refreshToken!);
      expect(text).not.toContain(admin.password);
      expect(text).not.toMatch(/token/i);
    }
    expect(logLines.join('\n')).not.toContain(refreshToken!);
    expect(logLines.join('\n')).not.toContain(admin.password);

    // "Closing and reopening the app": a new core restores the session from the keychain.
    const reopened = await newCore();
    expect(await reopened.dispatch('session:get', {})).toMatchObject({ ok: true, value: { status: 'signedIn' } });
    const again = await reopened.dispatch('safes:list', {});
    expect(again).toMatchObject({ ok: true });
    // That used (and rotated) the refresh token.
    const rotated = await keychain.get(account);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refreshToken);

    const out = await reopened.dispatch('session:signOut', {});
    expect(out).toMatchObject({ ok: true, value: { status: 'signedOut', email: admin.email } });
    expect(await keychain.get(account)).toBeNull();

    // The server revoked it as well: the old token no longer refreshes.
    const afterSignOut = await fetch(new URL('/api/v1/auth/refresh', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: rotated }),
    });
    expect(afterSignOut.status).toBe(401);

    const third = await newCore();
    expect(await third.dispatch('session:get', {})).toMatchObject({ ok: true, value: { status: 'signedOut' } });
  });

  it('answers a wrong password with invalid_credentials and stores nothing', async () => {
    const admin = server.accounts.admin;
    const core = await newCore();
    const result = await core.dispatch('session:signIn', {
      serverUrl: server.url,
      email: admin.email,
      password: 'not-the-password',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await keychain.get(keychainAccount(server.url, admin.email))).toBeNull();
  });

  it('signs out locally when the server has revoked the session', async () => {
    const admin = server.accounts.admin;
    const account = keychainAccount(server.url, admin.email);
    const core = await newCore();
    await core.dispatch('session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
    const stolen = await keychain.get(account);
    // Someone else revokes the session (e.g. an admin signs out everywhere).
    await fetch(new URL('/api/v1/auth/sign-out', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: stolen }),
    });
    const reopened = await newCore();
    const result = await reopened.dispatch('safes:list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(await reopened.dispatch('session:get', {})).toMatchObject({ ok: true, value: { status: 'signedOut' } });
    expect(await keychain.get(account)).toBeNull();
  });

  it('leaves no refresh token behind when a sign-out comes while a token refresh is under way', async () => {
    const admin = server.accounts.admin;
    const account = keychainAccount(server.url, admin.email);
    let clock = 0;
    const core = await cores.open({
      dataDir: join(dataDir, 'race'),
      defaultServerUrl: server.url,
      log: createLogger(() => {}),
      monotonic: () => clock,
      syncIntervalMs: 0,
    });
    await core.dispatch('session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
    const before = await keychain.get(account);
    clock += 60 * 60_000; // the access token has run out: the next call refreshes first
    const call = core.session.call('me').catch((error: unknown) => error);
    await core.session.signOut();
    await call;
    await expect.poll(() => keychain.get(account)).toBeNull();
    // Nothing in the keychain, and the old refresh token no longer works on the server either.
    const refresh = await fetch(`${server.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: before }),
    });
    expect(refresh.status).toBe(401);
    expect(await keychain.get(account)).toBeNull();
  });
});
