/**
 * The dev SMS outbox once leaked every code to any local
 * process and to DNS-rebinding pages. Now: off unless asked for, for
 * organisation administrators only, codes readable only while it is on and
 * until they expire, and every request must name the server's own host.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { ApiErrorBody } from '../../shared/api/schemas.ts';
import { DEV_SMS_OUTBOX_PATH, startServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed.ts';
import { MASK } from '../../server/sms.ts';
import { TEST_PASSWORD_COST, startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { request } from './request.ts';

const CODE = /\b[2-9A-HJ-NP-Z]{8}\b/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A raw request with any Host header (fetch would not send a foreign one). */
function withHost(url: string, path: string, host: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'GET',
      setHost: false,
      headers: host === null ? {} : { host },
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const outboxRows = (server: { db: SeededServer['db'] }) =>
  server.db.prepare('SELECT text, holds_code, expires_at FROM sms_outbox ORDER BY id').all() as {
    text: string;
    holds_code: number;
    expires_at: number | null;
  }[];

const smsInvite = (n: string) => person(n, { codeDelivery: 'sms', mobile: { country: 'CH', number: '079 123 45 67' } });

describe('dev SMS outbox off (the default)', () => {
  let server: SeededServer;
  let tokens: Tokens;
  beforeAll(async () => {
    server = await startSeededServer();
    tokens = await membersApi(server).tokens();
  });
  afterAll(() => server.close());

  it('is not served, and an SMS code is masked before the message is stored', async () => {
    const api = membersApi(server);
    expect((await request(server.url, DEV_SMS_OUTBOX_PATH, { token: tokens.admin })).status).toBe(404);
    await api.invited(tokens.admin, 'safe-research', smsInvite('masked'));
    const rows = outboxRows(server);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text).toContain(MASK);
    expect(rows[0]?.text).not.toMatch(CODE);
    expect(rows[0]).toMatchObject({ holds_code: 0, expires_at: null });
  });
});

describe('dev SMS outbox on', () => {
  let server: SeededServer;
  let tokens: Tokens;
  let clock = Date.parse('2026-05-04T08:00:00.000Z');
  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true, now: () => clock });
    tokens = await membersApi(server).tokens();
  });
  afterAll(() => server.close());

  it('shows codes to an organisation administrator only', async () => {
    await membersApi(server).invited(tokens.admin, 'safe-legal', smsInvite('outbox'));
    const anonymous = await request(server.url, DEV_SMS_OUTBOX_PATH);
    expect(anonymous.status).toBe(401);
    // Luca administers a safe but not the organisation
    const luca = await request(server.url, DEV_SMS_OUTBOX_PATH, { token: tokens.safeAdmin });
    expect(luca.status).toBe(403);
    expect(ApiErrorBody.parse(luca.json).error.code).toBe('forbidden');
    const anna = await request(server.url, DEV_SMS_OUTBOX_PATH, { token: tokens.admin });
    expect(anna.status).toBe(200);
    const items = (anna.json as { items: { text: string }[] }).items;
    expect(items.at(-1)?.text).toMatch(CODE);
  });

  it('keeps a readable code only until it expires', async () => {
    await membersApi(server).invited(tokens.admin, 'safe-research', smsInvite('expiring'));
    const before = outboxRows(server).filter((row) => row.holds_code === 1);
    expect(before.length).toBeGreaterThan(0);
    for (const row of before) expect(row.expires_at).toBe(clock + 7 * DAY_MS);
    clock += 7 * DAY_MS + 1;
    // the next message sweeps the expired ones
    const api = membersApi(server);
    await api.invited((await api.tokens()).admin, 'safe-research', smsInvite('after-expiry'));
    const rows = outboxRows(server);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.expires_at).toBe(clock + 7 * DAY_MS);
  });
});

describe('codes left by a dev run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-outbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are deleted when the server starts with the outbox off', async () => {
    const dbPath = join(dir, 'server.db');
    const seedDb = openDatabase(dbPath);
    await seedDemo(seedDb, { passwordCost: TEST_PASSWORD_COST });
    seedDb.close();
    const options = { dbPath, log: () => {}, passwordCost: TEST_PASSWORD_COST };

    const dev = await startServer({ ...options, devEndpoints: true });
    const api = membersApi({ ...dev, dbPath, accounts: DEMO_ACCOUNTS, safes: [] });
    const tokens = await api.tokens();
    await api.invited(tokens.admin, 'safe-legal', smsInvite('dev-run'));
    expect(outboxRows(dev).filter((row) => row.holds_code === 1)).toHaveLength(1);
    await dev.close();

    const plain = await startServer(options);
    try {
      expect(outboxRows(plain).filter((row) => row.holds_code === 1)).toEqual([]);
      expect(outboxRows(plain).every((row) => !CODE.test(row.text))).toBe(true);
    } finally {
      await plain.close();
    }
  });
});

describe('Host check (DNS rebinding)', () => {
  let server: SeededServer;
  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true });
  });
  afterAll(() => server.close());

  it('answers 421 wrong_host, with a clear body, to a foreign or missing Host on every kind of request', async () => {
    for (const path of ['/api/v1/health', '/openapi.json', routes.listTeamSafes.path, DEV_SMS_OUTBOX_PATH, '/nope']) {
      for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.2:${server.port}`, '']) {
        const answer = await withHost(server.url, path, host);
        expect(answer.status, `${path} ${host}`).toBe(421);
        const error = ApiErrorBody.parse(JSON.parse(answer.body)).error;
        expect(error.code).toBe('wrong_host');
        expect(error.message).toMatch(/does not answer to the host name/);
      }
    }
  });

  it('leaves a request without Host to Node, which refuses it (400)', async () => {
    expect((await withHost(server.url, '/api/v1/health', null)).status).toBe(400);
  });

  it('answers to its own address and to localhost on loopback', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await withHost(server.url, '/api/v1/health', host)).status, host).toBe(200);
    }
  });

  it('needs the names clients use when listening on all interfaces, and then answers to them only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsa-hosts-'));
    try {
      const dbPath = join(dir, 'server.db');
      await expect(startServer({ dbPath, host: '0.0.0.0', log: () => {} })).rejects.toThrow(/host names/);
      const open = await startServer({ dbPath, host: '0.0.0.0', hostnames: ['safe.example.com'], log: () => {} });
      try {
        const url = `http://127.0.0.1:${open.port}`;
        expect((await withHost(url, '/api/v1/health', 'safe.example.com')).status).toBe(200);
        expect((await withHost(url, '/api/v1/health', `safe.example.com:${open.port}`)).status).toBe(200);
        expect((await withHost(url, '/api/v1/health', `127.0.0.1:${open.port}`)).status).toBe(421);
      } finally {
        await open.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
