import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Id } from '../../shared/api/schemas.ts';
import { ROLE_KEYS } from '../../shared/catalog/roles.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { MIGRATIONS, hashToken, migrate, nameSortKey, newId, openDatabase } from '../../server/db.ts';

describe('database', () => {
  it('creates parent folders, uses WAL and foreign keys, and migrates once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsa-db-'));
    try {
      const path = join(dir, 'a', 'b', 'team-safe.db');
      const db = openDatabase(path);
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
      expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual(
        MIGRATIONS.map((_, index) => ({ version: index + 1 })),
      );
      expect(migrate(db)).toBe(0);
      db.close();
      const again = openDatabase(path);
      expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the database, its -wal and its -shm readable by the owner only (0600), tightening older files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsa-db-mode-'));
    try {
      const path = join(dir, 'team-safe.db');
      const mode = (file: string) => statSync(file).mode & 0o777;
      const db = openDatabase(path);
      db.exec(`INSERT INTO organisations VALUES ('o', 'Org', '2026-01-01')`);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
      db.close();

      const older = join(dir, 'older.db');
      writeFileSync(older, '');
      chmodSync(older, 0o644);
      openDatabase(older).close();
      expect(mode(older)).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies only new migration steps, in order', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db, [...MIGRATIONS, 'CREATE TABLE extra (id TEXT)', 'ALTER TABLE extra ADD COLUMN n INTEGER'])).toBe(
      2,
    );
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.length + 2 });
    expect(() => migrate(db)).toThrow(/newer than this server/);
    db.close();
  });

  it('rolls a failing migration back completely', () => {
    const db = openDatabase(':memory:');
    expect(() => migrate(db, [...MIGRATIONS, 'CREATE TABLE half (id TEXT); SELECT * FROM missing_table'])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.length });
    db.close();
  });

  it('enforces the domain in the schema', () => {
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO organisations VALUES ('o', 'Org', '2026-01-01')`);
    db.exec(`INSERT INTO team_safes VALUES ('s', 'o', 'Safe', 2, '2026-01-01')`);
    const insert = (email: string, role: string, status: string, activatedAt: string | null, safe = 's') =>
      db
        .prepare(
          `INSERT INTO safe_members (id, safe_id, name, sort_key, email, role, status, language, invited_at, activated_at)
           VALUES (?, ?, 'N', 'n', ?, ?, ?, 'en', '2026-01-01', ?)`,
        )
        .run(newId(), safe, email, role, status, activatedAt);
    insert('a@x.example', 'viewer', 'invited', null);
    expect(() => insert('a@x.example', 'viewer', 'invited', null)).toThrow(/UNIQUE/);
    expect(() => insert('B@x.example', 'viewer', 'invited', null)).toThrow(/CHECK/);
    expect(() => insert('c@x.example', 'owner', 'invited', null)).toThrow(/CHECK/);
    expect(() => insert('d@x.example', 'viewer', 'activated', null)).toThrow(/CHECK/);
    expect(() => insert('e@x.example', 'viewer', 'invited', null, 'no-such-safe')).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('orders roles in SQL (role_rank) exactly as the role catalogue does', () => {
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO organisations VALUES ('o', 'Org', '2026-01-01')`);
    db.exec(`INSERT INTO team_safes VALUES ('s', 'o', 'Safe', 100, '2026-01-01')`);
    // inserted in reverse, so an order that merely follows insertion would fail
    for (const role of [...ROLE_KEYS].reverse()) {
      db.prepare(
        `INSERT INTO safe_members (id, safe_id, name, sort_key, email, role, status, language, invited_at)
         VALUES (?, 's', 'N', 'n', ?, ?, 'invited', 'en', '2026-01-01')`,
      ).run(newId(), `${role.toLowerCase()}@x.example`, role);
    }
    const rows = db.prepare('SELECT role, role_rank FROM safe_members ORDER BY role_rank').all() as {
      role: string;
      role_rank: number;
    }[];
    expect(rows.map((row) => row.role)).toEqual([...ROLE_KEYS]);
    expect(rows.map((row) => row.role_rank)).toEqual(ROLE_KEYS.map((_, index) => index));
    db.close();
  });

  it('freezes value lists in released migrations and still accepts every catalogue value', () => {
    // a released migration is plain SQL: no value of a live constant is spliced in
    for (const [index, sql] of MIGRATIONS.entries()) expect(sql, `migration ${index + 1}`).not.toMatch(/\$\{/);
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO organisations VALUES ('o', 'Org', '2026-01-01')`);
    db.exec(`INSERT INTO team_safes VALUES ('s', 'o', 'Safe', 100, '2026-01-01')`);
    const insert = db.prepare(
      `INSERT INTO safe_members (id, safe_id, name, sort_key, email, role, status, language, invited_at)
       VALUES (?, 's', 'N', 'n', ?, ?, 'invited', ?, '2026-01-01')`,
    );
    // when the catalogue gains a role or a language, this fails until a new migration allows it
    for (const role of ROLE_KEYS) {
      for (const language of LANGUAGES)
        insert.run(newId(), `${role}.${language}@x.example`.toLowerCase(), role, language);
    }
    expect(() => insert.run(newId(), 'x@x.example', 'owner', 'en')).toThrow(/CHECK/);
    expect(() => insert.run(newId(), 'y@x.example', 'viewer', 'es')).toThrow(/CHECK/);
    db.close();
  });

  it('makes ids that the Id schema accepts, and hashes tokens', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(Id.safeParse(id).success).toBe(true);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('folds names for ordering', () => {
    expect(nameSortKey('Élodie Girard')).toBe('elodie girard');
    expect(nameSortKey('Łukasz Wróbel')).toBe('lukasz wrobel');
    expect(nameSortKey('Søren Kierkegaard')).toBe('soren kierkegaard');
    expect(nameSortKey('Zoë Müller')).toBe('zoe muller');
    expect(nameSortKey('Straße')).toBe('strasse');
    expect(nameSortKey('山田 太郎')).toBe('山田 太郎');
    const names = ['Zoë', 'émile', 'Łukasz', 'Anna', 'luca', 'Ольга'];
    expect([...names].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1))).toEqual([
      'Anna',
      'émile',
      'luca',
      'Łukasz',
      'Zoë',
      'Ольга',
    ]);
  });
});
