import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseSync } from 'node:sqlite';
import { ROLE_KEYS } from '../../shared/catalog/roles.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { verifyPassword } from '../../server/auth.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_ACCOUNTS, seedDemo as seedDemoAtCost, type SeedOptions } from '../../server/seed.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';

const seedDemo = (db: DatabaseSync, options: SeedOptions = {}) =>
  seedDemoAtCost(db, { passwordCost: TEST_PASSWORD_COST, ...options });

interface MemberRow {
  id: string;
  safe_id: string;
  user_id: string | null;
  name: string;
  email: string;
  role: string;
  status: string;
  language: string;
  invited_at: string;
  activated_at: string | null;
}

const open: DatabaseSync[] = [];
function memoryDb(): DatabaseSync {
  const db = openDatabase(':memory:');
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const members = (db: DatabaseSync) =>
  db.prepare('SELECT * FROM safe_members ORDER BY safe_id, id').all() as unknown as MemberRow[];

describe('demo seed', () => {
  it('creates the demo organisation with three safes at different fill levels', async () => {
    const db = memoryDb();
    const { safes, accounts } = await seedDemo(db);
    expect(accounts).toBe(DEMO_ACCOUNTS);
    expect(db.prepare('SELECT name FROM organisations').all()).toEqual([{ name: 'Helvetia Demo AG' }]);
    expect(safes).toEqual([
      { id: 'safe-finance', name: 'Finance', memberLimit: 12 },
      { id: 'safe-legal', name: 'Legal & Compliance', memberLimit: 10 },
      { id: 'safe-research', name: 'Research 研究', memberLimit: 25 },
    ]);
    const counts = Object.fromEntries(
      (
        db.prepare('SELECT safe_id, COUNT(*) AS n FROM safe_members GROUP BY safe_id').all() as {
          safe_id: string;
          n: number;
        }[]
      ).map((row) => [row.safe_id, row.n]),
    );
    expect(counts).toEqual({ 'safe-finance': 12, 'safe-legal': 7, 'safe-research': 21 });
  });

  it('covers every role, both statuses, every language and many scripts', async () => {
    const db = memoryDb();
    await seedDemo(db);
    const rows = members(db);
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((row) => row.role))).toEqual(new Set(ROLE_KEYS));
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['invited', 'activated']));
    expect(new Set(rows.map((row) => row.language))).toEqual(new Set(LANGUAGES));
    const names = rows.map((row) => row.name).join(' ');
    for (const script of [/\p{Script=Han}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Arabic}/u]) {
      expect(names).toMatch(script);
    }
    expect(names).toContain('Zoë Müller');
    expect(names).toContain('Łukasz Wróbel');
    for (const row of rows) {
      expect(row.email).toBe(row.email.toLowerCase());
      expect(row.activated_at === null).toBe(row.status === 'invited');
      expect(Number.isNaN(Date.parse(row.invited_at))).toBe(false);
    }
  });

  it('makes the demo accounts administer all, one and no safes', async () => {
    const db = memoryDb();
    await seedDemo(db);
    const administered = (userId: string) =>
      (
        db
          .prepare(
            "SELECT safe_id FROM safe_members WHERE user_id = ? AND role = 'administrator' AND status = 'activated' ORDER BY safe_id",
          )
          .all(userId) as { safe_id: string }[]
      ).map((row) => row.safe_id);
    expect(administered(DEMO_ACCOUNTS.admin.userId)).toEqual(['safe-finance', 'safe-legal', 'safe-research']);
    expect(administered(DEMO_ACCOUNTS.safeAdmin.userId)).toEqual(['safe-legal']);
    expect(administered(DEMO_ACCOUNTS.plainUser.userId)).toEqual([]);
    const orgAdmins = db.prepare("SELECT email FROM users WHERE org_role = 'administrator'").all();
    expect(orgAdmins).toEqual([{ email: DEMO_ACCOUNTS.admin.email }]);
  });

  it('gives the demo accounts working scrypt password hashes with distinct salts', async () => {
    const db = memoryDb();
    await seedDemo(db);
    const hashes = db
      .prepare('SELECT email, password_hash FROM users WHERE password_hash IS NOT NULL ORDER BY email')
      .all() as { email: string; password_hash: string }[];
    expect(hashes.map((row) => row.email).sort()).toEqual(
      Object.values(DEMO_ACCOUNTS)
        .map((a) => a.email)
        .sort(),
    );
    expect(new Set(hashes.map((row) => row.password_hash)).size).toBe(hashes.length);
    const [first] = hashes;
    expect(await verifyPassword(DEMO_ACCOUNTS.admin.password, first?.password_hash)).toBe(true);
    expect(await verifyPassword('Demo-Safe-2025', first?.password_hash)).toBe(false);
  });

  it('is deterministic', async () => {
    const a = memoryDb();
    const b = memoryDb();
    await seedDemo(a);
    await seedDemo(b);
    expect(members(a)).toEqual(members(b));
  });

  it('refuses to seed a database that already holds data', async () => {
    const db = memoryDb();
    await seedDemo(db);
    await expect(seedDemo(db)).rejects.toThrow(/already holds data/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM safe_members').get() as { n: number }).n).toBe(40);
  });

  it('adds a large safe with N members, one change-log row each (linear work, no per-row rescans)', async () => {
    const db = memoryDb();
    const { safes } = await seedDemo(db, { largeSafeMembers: 2000 });
    const large = safes.find((safe) => safe.name === 'Large Organisation');
    expect(large?.memberLimit).toBeGreaterThanOrEqual(2000);
    const rows = db
      .prepare('SELECT * FROM safe_members WHERE safe_id = ?')
      .all(large?.id ?? '') as unknown as MemberRow[];
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((row) => row.email)).size).toBe(2000);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['invited', 'activated']));
    expect(new Set(rows.map((row) => row.role))).toEqual(new Set(ROLE_KEYS));
    expect(rows.find((row) => row.user_id === DEMO_ACCOUNTS.admin.userId)).toMatchObject({
      role: 'administrator',
      status: 'activated',
    });
    // the sync triggers wrote exactly one change per member: seeding does not grow faster than N
    const logged = db.prepare('SELECT COUNT(*) AS n FROM member_changes WHERE safe_id = ?').get(large?.id ?? '') as {
      n: number;
    };
    expect(logged.n).toBe(2000);
    // the timing of a 100 000-member seed is in `npm run bench`
  });

  it('rejects a nonsensical member count', async () => {
    await expect(seedDemo(memoryDb(), { largeSafeMembers: -1 })).rejects.toThrow(/non-negative/);
  });
});
