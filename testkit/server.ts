/**
 * A real reference server on 127.0.0.1 with a fresh, seeded database in a
 * temporary folder. `close()` stops it and deletes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { startServer, type ServerOptions } from '../server/app.ts';
import type { ScryptCost } from '../server/auth.ts';
import { openDatabase } from '../server/db.ts';
import { seedDemo, type DemoAccounts, type SeededSafe } from '../server/seed.ts';

/**
 * Tests hash passwords cheaply: at the production cost (N=2^17, about a
 * second per sign-in here) the suite would spend minutes in scrypt. The
 * production cost has its own tests (test/server/password.test.ts).
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 12, r: 8, p: 1 };

export interface SeededServerOptions extends Omit<ServerOptions, 'dbPath' | 'host' | 'port'> {
  /** Adds a "Large Organisation" safe with this many members. */
  largeSafeMembers?: number;
  /** Registers this many generated users in the demo organisation. */
  largeOrgUsers?: number;
}

export interface SeededServer {
  /** Origin, e.g. `http://127.0.0.1:53124`. */
  url: string;
  port: number;
  db: DatabaseSync;
  dbPath: string;
  accounts: DemoAccounts;
  safes: SeededSafe[];
  close(): Promise<void>;
}

export async function startSeededServer(options: SeededServerOptions = {}): Promise<SeededServer> {
  const { largeSafeMembers, largeOrgUsers, passwordCost = TEST_PASSWORD_COST, ...serverOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'tsa-server-'));
  const dbPath = join(dir, 'team-safe.db');
  try {
    const seedDb = openDatabase(dbPath);
    let seeded: Awaited<ReturnType<typeof seedDemo>>;
    try {
      seeded = await seedDemo(seedDb, {
        largeSafeMembers: largeSafeMembers ?? 0,
        largeOrgUsers: largeOrgUsers ?? 0,
        passwordCost,
      });
    } finally {
      seedDb.close();
    }
    const server = await startServer({
      log: () => {},
      ...serverOptions,
      passwordCost,
      dbPath,
      host: '127.0.0.1',
      port: 0,
    });
    return {
      url: server.url,
      port: server.port,
      db: server.db,
      dbPath,
      accounts: seeded.accounts,
      safes: seeded.safes,
      async close() {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
