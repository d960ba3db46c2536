/**
 * The main-process log file after a full invite-by-SMS flow, driven through
 * a real core against the real reference server: the lines that help
 * support are there, and no token, password, security code, e-mail address
 * or phone number is — not even from a careless line logged on purpose.
 */
import electronLog from 'electron-log/node';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createFileLogger, type Logger } from '../../electron/core/log.ts';
import { createKeytarStore, keychainAccount } from '../../electron/core/keychain.ts';
import type { Core } from '../../electron/core/core.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { readOutbox } from '../../server/sms.ts';
import { invoke, attempt } from '../helpers/core.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

const KEYCHAIN = 'Team Safe Admin (log file test)';
let server: SeededServer;
let dataDir: string;
let logFile: string;
let log: Logger;
let core: Core;

beforeAll(async () => {
  // The outbox keeps codes readable (the test looks for them in the log), and the re-send follows the
  // invite at once: this test is about the log, not the SMS cool-down.
  server = await startSeededServer({ devEndpoints: true, smsLimits: { memberCooldownSeconds: 0 } });
  dataDir = mkdtempSync(join(tmpdir(), 'tsa-log-'));
  logFile = join(dataDir, 'logs', 'main.log');
  // What createNodeCore does without a `log`, made here so the test can add a careless line to the same file.
  log = createFileLogger(electronLog.create({ logId: `log-test-${randomUUID()}` }), { file: logFile });
  core = await createNodeCore({ dataDir, defaultServerUrl: server.url, keychainService: KEYCHAIN, log });
});
afterAll(async () => {
  await core.dispose();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('holds no secret and no personal address after an invite by SMS', async () => {
  const admin = server.accounts.admin;
  const invitee = { name: 'Noëlle Rochat', email: `noelle.${randomUUID().slice(0, 6)}@example.ch` };
  const mobile = '+41791234567';

  // A wrong password first, then the real sign-in.
  expect(
    await attempt(core, 'session:signIn', { serverUrl: server.url, email: admin.email, password: 'Wrong-Pass-1' }),
  ).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
  await invoke(core, 'session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
  const refreshToken = await createKeytarStore(KEYCHAIN).get(keychainAccount(server.url, admin.email));
  expect(refreshToken).toBeTruthy();

  const { items: safes } = await invoke(core, 'safes:list', {});
  const safe = safes.find((each) => each.memberCount < each.memberLimit)!;
  const invited = await invoke(core, 'members:invite', {
    safeId: safe.id,
    requestId: randomUUID(),
    invitation: {
      ...invitee,
      role: 'viewer',
      language: 'fr',
      codeDelivery: 'sms',
      mobile: { country: 'CH', number: '079 123 45 67' },
    },
  });
  const member = (
    await invoke(core, 'members:list', { safeId: safe.id, status: 'all', offset: 0, limit: 10, q: invitee.email })
  ).items[0]!;
  await invoke(core, 'members:resend', { safeId: safe.id, memberId: member.id, version: member.version });
  const codes = readOutbox(server.db, { to: mobile }).map(
    (message) => /: ([2-9A-HJ-NP-Z]{8})\./.exec(message.text)?.[1],
  );
  expect(codes.length).toBeGreaterThanOrEqual(2);
  // An invalid call that carries a password: the dispatcher must not log the payload.
  await attempt(core, 'session:signIn', { serverUrl: 'nonsense', email: admin.email, password: admin.password });

  // The second line of defence: a careless line with everything in it.
  log.error(
    `careless: ${JSON.stringify({ invited, refreshToken, password: admin.password, securityCode: codes[0], mobile })} ` +
      `Authorization: Bearer ${refreshToken} for ${invitee.email} code ${codes[1]} to +41 79 123 45 67`,
  );
  await invoke(core, 'session:signOut', {});
  log.info('end of test');

  await vi.waitFor(() => expect(existsSync(logFile) && readFileSync(logFile, 'utf8')).toContain('end of test'));
  const text = readFileSync(logFile, 'utf8');
  // What support needs is there…
  expect(text).toContain(`signed in to ${server.url}`);
  expect(text).toContain('ipc session:signIn: invalid_credentials');
  expect(text).toContain('ipc session:signIn: invalid payload');
  expect(text).toContain('signed out');
  expect(text).toContain('careless:');
  // …and nothing that must not be.
  for (const secret of [
    refreshToken!,
    admin.password,
    'Wrong-Pass-1',
    ...codes.map((code) => code!),
    admin.email,
    invitee.email,
    mobile,
    '+41 79 123 45 67',
  ]) {
    expect(text, `the log contains ${secret}`).not.toContain(secret);
  }
  expect(text).not.toMatch(/[A-Za-z0-9_-]{32,}/);
  expect(text).not.toMatch(/[^\s@]+@[^\s@]+\.[a-z]{2,}/i);
});
