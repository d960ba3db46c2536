/**
 * Machine policy in the running core, end to end in Node: a real
 * root-owned Linux policy file (the tests run as root) read by the real
 * reader, the real core against the real reference server and keychain.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { createKeytarStore, keychainAccount } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import type { EventName } from '../../shared/ipc/contract.ts';
import { ManualTimers, TEST_KEYCHAIN_SERVICE, attempt, invoke, testCores } from '../helpers/core.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

let server: SeededServer;
let root: string;
const cores = testCores();
const quiet = createLogger(() => {});
const keychain = createKeytarStore(TEST_KEYCHAIN_SERVICE);

beforeAll(async () => {
  server = await startSeededServer();
  root = mkdtempSync(join(tmpdir(), 'tsa-policy-core-'));
});
afterEach(() => cores.disposeAll());
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

let serial = 0;
/** A fresh profile and policy folder; `write` replaces the policy file the way an admin tool does (rename over). */
function profile() {
  serial += 1;
  const dir = join(root, `p${serial}`);
  const policyFile = join(dir, 'etc', 'policy.json');
  const dataDir = join(dir, 'profile');
  const write = (policy: Record<string, unknown>) => {
    mkdirSync(join(dir, 'etc'), { recursive: true });
    const temp = `${policyFile}.tmp`;
    writeFileSync(temp, JSON.stringify(policy), { mode: 0o644 });
    renameSync(temp, policyFile);
  };
  return { dataDir, policyFile, write };
}

function recordEvents(core: Core): EventName[] {
  const seen: EventName[] = [];
  core.subscribe((event) => seen.push(event));
  return seen;
}

const admin = () => server.accounts.admin;
const signIn = (core: Core) =>
  invoke(core, 'session:signIn', { serverUrl: server.url, email: admin().email, password: admin().password });

describe('machine policy in the core', () => {
  it('applies the policy to the settings, says how each is governed, and ignores bad values one by one', async () => {
    const { dataDir, policyFile, write } = profile();
    write({
      ServerUrl: server.url,
      ServerUrlLocked: true,
      Language: 'de',
      CacheEnabled: true,
      CacheMaxAgeDays: 7,
      SmsCountries: ['ch', 'LI'],
      IdleSignOutMinutes: 15,
      UpdateMode: 'sideways',
      Bogus: 1,
    });
    const core = await cores.open({ dataDir, defaultServerUrl: 'http://127.0.0.1:9', policyFile, log: quiet });

    const settings = await invoke(core, 'settings:get', {});
    expect(settings).toMatchObject({
      language: 'de',
      cacheEnabled: true,
      cacheMaxAgeDays: 7,
      smsCountries: ['CH', 'LI'],
      idleSignOutMinutes: 15,
      controls: {
        serverUrl: { kind: 'locked', value: server.url, scope: 'machine', policy: 'ServerUrl' },
        language: { kind: 'preset', value: 'de', scope: 'machine' },
        cacheEnabled: { kind: 'locked', value: true },
        cacheMaxAgeDays: { kind: 'capped', max: 7 },
      },
    });
    expect(await invoke(core, 'session:get', {})).toMatchObject({ status: 'signedOut', serverUrl: server.url });

    const policy = await invoke(core, 'policy:get', {});
    expect(policy.effective.ServerUrl).toEqual({ value: server.url, source: 'machine' });
    expect(policy.effective.UpdateMode).toEqual({ value: null, source: 'default' });
    expect(policy.problems.map((problem) => [problem.key, problem.reason]).sort()).toEqual([
      ['Bogus', 'unknown_policy'],
      ['UpdateMode', 'invalid_value'],
    ]);
    expect(policy.sources).toEqual([{ scope: 'machine', location: policyFile, status: 'applied' }]);
  });

  it('refuses what a lock forbids, field by field, and lets the user change the rest', async () => {
    const { dataDir, policyFile, write } = profile();
    write({ ServerUrl: server.url, ServerUrlLocked: true, CacheEnabled: true, CacheMaxAgeDays: 7, Language: 'de' });
    const core = await cores.open({ dataDir, defaultServerUrl: server.url, policyFile, log: quiet });

    expect(await attempt(core, 'settings:update', { cacheEnabled: false })).toMatchObject({
      ok: false,
      error: { code: 'policy_locked', fields: { cacheEnabled: 'locked_by_policy' } },
    });
    expect(await attempt(core, 'settings:update', { cacheMaxAgeDays: 10 })).toMatchObject({
      ok: false,
      error: { code: 'policy_locked', fields: { cacheMaxAgeDays: 'above_policy_limit' } },
    });
    // A preset is the user's to change; lowering below the cap is allowed.
    expect(await invoke(core, 'settings:update', { language: 'fr', cacheMaxAgeDays: 5 })).toMatchObject({
      language: 'fr',
      cacheMaxAgeDays: 5,
      cacheEnabled: true,
    });

    expect(
      await attempt(core, 'session:signIn', {
        serverUrl: 'https://elsewhere.example',
        email: admin().email,
        password: admin().password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'policy_locked', fields: { serverUrl: 'locked_by_policy' } } });
    expect(await invoke(core, 'session:get', {})).toMatchObject({ status: 'signedOut' });
    expect(await signIn(core)).toMatchObject({ status: 'signedIn', serverUrl: server.url });
  });

  it('sends an SMS only to a country SmsCountries allows', async () => {
    const { dataDir, policyFile, write } = profile();
    write({ SmsCountries: ['CH', 'LI'] });
    const core = await cores.open({ dataDir, defaultServerUrl: server.url, policyFile, log: quiet });
    await signIn(core);
    const safe = (await invoke(core, 'safes:list', {})).items.find((each) => each.memberCount < each.memberLimit)!;
    const invite = (country: string, number: string, suffix: string) =>
      attempt(core, 'members:invite', {
        safeId: safe.id,
        requestId: `policy-sms-${suffix}-${serial}`,
        invitation: {
          name: 'Jonas Frick',
          email: `jonas.frick.${suffix}.${serial}@example.li`,
          role: 'viewer',
          language: 'de',
          codeDelivery: 'sms',
          mobile: { country, number },
        },
      });
    expect(await invite('DE', '+49 151 23456789', 'de')).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', fields: { 'invitation.mobile.country': 'country_not_allowed' } },
    });
    expect(await invite('CH', '079 123 45 67', 'ch')).toMatchObject({ ok: true });
  });

  it('applies a change while running: the copy and its key go, a locked other server signs out, the window is told', async () => {
    const { dataDir, policyFile, write } = profile();
    write({ CacheEnabled: true });
    const core = await cores.open({ dataDir, defaultServerUrl: server.url, policyFile, log: quiet });
    const events = recordEvents(core);
    await signIn(core);
    await core.sync.syncAll();
    const account = keychainAccount(server.url, admin().email);
    expect(existsSync(join(dataDir, 'cache'))).toBe(true);
    expect(await keychain.get(`cache-key ${account}`)).toBeTruthy();

    write({ CacheEnabled: false, ServerUrl: 'https://safe.example.com', ServerUrlLocked: true });
    await expect.poll(async () => (await invoke(core, 'session:get', {})).status).toBe('signedOut');
    expect(await invoke(core, 'session:get', {})).toMatchObject({
      problem: 'server_policy_changed',
      serverUrl: 'https://safe.example.com',
    });
    await expect.poll(() => existsSync(join(dataDir, 'cache'))).toBe(false);
    expect(await keychain.get(`cache-key ${account}`)).toBeNull();
    await expect
      .poll(() => events)
      .toEqual(expect.arrayContaining(['settings:changed', 'policy:changed', 'session:changed']));
    await expect
      .poll(() => invoke(core, 'settings:get', {}))
      .toMatchObject({
        cacheEnabled: false,
        controls: { cacheEnabled: { kind: 'locked', value: false }, serverUrl: { kind: 'locked' } },
      });
  });

  it('wipes an offline copy left from before at start when CacheEnabled is off', async () => {
    const { dataDir, policyFile, write } = profile();
    const before = await cores.open({ dataDir, defaultServerUrl: server.url, log: quiet });
    await signIn(before);
    await before.sync.syncAll();
    await cores.disposeAll();
    const account = keychainAccount(server.url, admin().email);
    expect(existsSync(join(dataDir, 'cache'))).toBe(true);
    expect(await keychain.get(`cache-key ${account}`)).toBeTruthy();

    write({ CacheEnabled: false });
    const after = await cores.open({ dataDir, defaultServerUrl: server.url, policyFile, log: quiet });
    expect(await invoke(after, 'session:get', {})).toMatchObject({ status: 'signedIn' });
    expect(existsSync(join(dataDir, 'cache'))).toBe(false);
    expect(await keychain.get(`cache-key ${account}`)).toBeNull();
    await invoke(after, 'session:signOut', {});
  });

  it('signs an idle session out after IdleSignOutMinutes, and not while the user is at work', async () => {
    const { dataDir, policyFile, write } = profile();
    write({ IdleSignOutMinutes: 1 });
    let clock = 0;
    const timers = new ManualTimers();
    const core = await cores.open({
      dataDir,
      defaultServerUrl: server.url,
      policyFile,
      log: quiet,
      timers,
      monotonic: () => clock,
      syncIntervalMs: 0,
    });
    await signIn(core);
    const status = async () => (await invoke(core, 'session:get', {})).status;

    clock += 50_000;
    timers.fire();
    await invoke(core, 'session:activity', {});
    clock += 50_000; // 100 s after sign-in, but 50 s after the last activity
    timers.fire();
    expect(await status()).toBe('signedIn');

    clock += 11_000;
    timers.fire();
    await expect.poll(status).toBe('signedOut');
    expect(await invoke(core, 'session:get', {})).toMatchObject({ problem: 'idle_signed_out' });
    // The sign-out finishes (keychain entry gone) a moment after the state says signed out.
    await expect.poll(() => keychain.get(keychainAccount(server.url, admin().email))).toBeNull();
  });
});

describe('updates under policy', () => {
  let feed: Server;
  let feedUrl = '';
  beforeAll(async () => {
    feed = createServer((request, response) => {
      if (request.url?.endsWith('/latest-linux.yml') || request.url?.endsWith('/latest.yml')) {
        response.writeHead(200, { 'content-type': 'text/yaml' });
        response.end('version: 99.0.0\nreleaseDate: 2026-12-01T00:00:00.000Z\n');
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/desktop`;
  });
  afterAll(() => new Promise<void>((resolve) => feed.close(() => resolve())));

  it('checks the feed UpdateUrl names when UpdateMode says notify, and stops when it says off', async () => {
    const { dataDir, policyFile, write } = profile();
    const core0 = await cores.open({ dataDir: `${dataDir}-unset`, defaultServerUrl: server.url, log: quiet });
    // Nothing set: an unpackaged run does not check.
    expect(await invoke(core0, 'update:check', {})).toMatchObject({ state: 'disabled', reason: 'unpackaged' });

    write({ UpdateMode: 'notify', UpdateUrl: feedUrl });
    const core = await cores.open({ dataDir, defaultServerUrl: server.url, policyFile, log: quiet });
    const events = recordEvents(core);
    expect(await invoke(core, 'update:check', {})).toMatchObject({
      state: 'available',
      availableVersion: '99.0.0',
      mode: 'notify',
      reason: 'configured',
    });
    expect(events).toContain('update:changed');

    write({ UpdateMode: 'off', UpdateUrl: feedUrl });
    await expect.poll(async () => (await invoke(core, 'update:status', {})).state).toBe('disabled');
  });
});
