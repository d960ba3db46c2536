/**
 * The embedded default: the reference server with the demo organisation, on
 * loopback, with its database in `.data/` so sessions survive a restart.
 * Shared by `npm start` and `npm run preview`.
 */
import { join } from 'node:path';
import { startServer, type RunningServer } from '../server/app.ts';
import { openDatabase } from '../server/db.ts';
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from '../server/seed.ts';

export const ROOT = join(import.meta.dirname, '..');
/** A stable port keeps the pre-filled address (and the keychain entry) the same across runs. */
const PREFERRED_PORT = 4517;

export async function startEmbeddedServer(): Promise<RunningServer> {
  const dbPath = join(ROOT, '.data', 'demo.sqlite');
  const db = openDatabase(dbPath);
  try {
    if (isEmpty(db)) await seedDemo(db);
  } finally {
    db.close();
  }
  try {
    return await startServer({ dbPath, port: PREFERRED_PORT, devEndpoints: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startServer({ dbPath, port: 0, devEndpoints: true });
  }
}

export function printDemoSignIn(server: RunningServer): void {
  const { admin, safeAdmin } = DEMO_ACCOUNTS;
  console.log(`\nReference server with the demo organisation: ${server.url}`);
  console.log(`Demo sign-in: ${admin.email}  /  ${admin.password}   (administrator of every demo safe)`);
  console.log(`              ${safeAdmin.email}  /  ${safeAdmin.password}   (administers one safe)`);
}
