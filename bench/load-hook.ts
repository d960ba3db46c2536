/**
 * The slot for the server load run (20 concurrent admins for 60 s), which is
 * `bench/load.ts`. `npm run bench` runs it (unless `--no-load`) as
 *
 *   node bench/load.ts --members N --json FILE
 *
 * against its own seeded server, and keeps what it writes to FILE (JSON) in
 * the run's result file under `load`. Whatever it prints goes to the console.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './stack.ts';

export const LOAD_SCRIPT = join(ROOT, 'bench', 'load.ts');

export async function runLoad(members: number, log: (line: string) => void): Promise<unknown> {
  if (!existsSync(LOAD_SCRIPT)) {
    log('  bench/load.ts does not exist (yet): no load run');
    return { skipped: 'bench/load.ts does not exist' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsa-bench-load-'));
  const json = join(dir, 'load.json');
  try {
    // The load run's own safe stays at 10 000 members at most: it measures the server under concurrency, not size.
    const run = spawnSync(
      process.execPath,
      [LOAD_SCRIPT, '--members', String(Math.min(members, 10_000)), '--json', json],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (run.status !== 0) return { failed: `bench/load.ts ended with ${run.status ?? run.signal}` };
    return existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as unknown) : { note: 'no JSON written' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
