import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_COST, hashPassword, kdfRuns, needsRehash, verifyPassword } from '../../server/auth.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { call } from './request.ts';

const LOW = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes at the OWASP recommendation by default: scrypt N=2^17, r=8, p=1', async () => {
    const encoded = await hashPassword('Correct Horse Battery Staple');
    const [scheme, n, r, p, salt, key] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '131072', '8', '1']);
    expect(PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(64);
    expect(encoded).not.toContain('Correct Horse');
    expect(await verifyPassword('Correct Horse Battery Staple', encoded)).toBe(true);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', LOW)).not.toBe(await hashPassword('same', LOW));
  });

  it('verifies the right password only', async () => {
    const encoded = await hashPassword('Grüezi-Zäme-2026', LOW);
    expect(await verifyPassword('Grüezi-Zäme-2026', encoded)).toBe(true);
    // composed and decomposed forms of ü are the same password
    expect(await verifyPassword('Gru\u0308ezi-Za\u0308me-2026', encoded)).toBe(true);
    expect(await verifyPassword('grüezi-zäme-2026', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('answers false, after doing the work, for a missing or malformed hash', async () => {
    await verifyPassword('warm-up', null, LOW); // makes the dummy hash once
    for (const stored of [null, undefined, '', 'plaintext', 'scrypt$3$8$1$AAAA$AAAA', 'bcrypt$10$abc']) {
      const before = kdfRuns.count;
      expect(await verifyPassword('anything', stored, LOW)).toBe(false);
      // one scrypt run against a dummy hash: an unknown account costs what a known one does
      expect(kdfRuns.count - before).toBe(1);
    }
  });

  it('tells hashes made with other parameters from current ones', async () => {
    expect(needsRehash(await hashPassword('x', LOW))).toBe(true);
    expect(needsRehash(await hashPassword('x', LOW), LOW)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('transparent rehash on sign-in', () => {
  let server: SeededServer;
  beforeAll(async () => {
    // the production cost on the server; the seed stores cheaper, older-style hashes
    server = await startSeededServer({ passwordCost: PASSWORD_COST });
  });
  afterAll(() => server.close());

  const storedHash = (email: string) =>
    (server.db.prepare('SELECT password_hash FROM users WHERE email = ?').get(email) as { password_hash: string })
      .password_hash;

  it('signs in with an old-parameter hash and stores it upgraded; a wrong password changes nothing', async () => {
    const { admin } = server.accounts;
    const old = await hashPassword(admin.password, { N: 2 ** 14, r: 8, p: 1 });
    server.db.prepare('UPDATE users SET password_hash = ? WHERE email = ?').run(old, admin.email);

    const wrong = await call(server.url, 'signIn', { body: { email: admin.email, password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect(storedHash(admin.email)).toBe(old);

    const first = await call(server.url, 'signIn', { body: { email: admin.email, password: admin.password } });
    expect(first.status).toBe(200);
    const upgraded = storedHash(admin.email);
    expect(upgraded).not.toBe(old);
    expect(upgraded.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(await verifyPassword(admin.password, upgraded)).toBe(true);

    // the next sign-in verifies the new hash and leaves it as it is
    const second = await call(server.url, 'signIn', { body: { email: admin.email, password: admin.password } });
    expect(second.status).toBe(200);
    expect(storedHash(admin.email)).toBe(upgraded);
  });
});
