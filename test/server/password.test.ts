import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth.ts';

describe('password hashing', () => {
  it('encodes scrypt parameters, salt and key', async () => {
    const encoded = await hashPassword('Correct Horse Battery Staple');
    const [scheme, n, r, p, salt, key] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(64);
    expect(encoded).not.toContain('Correct Horse');
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verifies the right password only', async () => {
    const encoded = await hashPassword('Grüezi-Zäme-2026');
    expect(await verifyPassword('Grüezi-Zäme-2026', encoded)).toBe(true);
    // composed and decomposed forms of ü are the same password
    expect(await verifyPassword('Gru\u0308ezi-Za\u0308me-2026', encoded)).toBe(true);
    expect(await verifyPassword('grüezi-zäme-2026', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('answers false, after doing the work, for a missing or malformed hash', async () => {
    for (const stored of [null, undefined, '', 'plaintext', 'scrypt$3$8$1$AAAA$AAAA', 'bcrypt$10$abc']) {
      const started = performance.now();
      expect(await verifyPassword('anything', stored)).toBe(false);
      // a real scrypt run (N=16384, r=8) takes milliseconds, not microseconds
      expect(performance.now() - started).toBeGreaterThan(2);
    }
  });
});
