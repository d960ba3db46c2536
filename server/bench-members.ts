/**
 * Member list on a large safe, measured over HTTP against the real server:
 *
 *   node server/bench-members.ts [--members 100000] [--runs 15]
 *
 * Seeds a temporary database with a "Large Organisation" safe of N members,
 * then prints the median and worst time of each listMembers request
 * (search, sorted pages, deep pages), client-side round trip included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { routes, routePath } from '../shared/api/routes.ts';
import { startServer } from './app.ts';
import { openDatabase } from './db.ts';
import { DEMO_ACCOUNTS, LARGE_SAFE, seedDemo } from './seed.ts';

const CASES: [label: string, query: Record<string, string>][] = [
  ['first page, name order', {}],
  ['first page, name order, invited only', { status: 'invited' }],
  ['page at offset 50 000, name order', { offset: '50000' }],
  ['first page, e-mail order desc', { sort: 'email', dir: 'desc' }],
  ['first page, role order', { sort: 'role' }],
  ['first page, language order desc', { sort: 'language', dir: 'desc' }],
  ['first page, status order', { sort: 'status' }],
  ['page at offset 50 000, role order', { sort: 'role', offset: '50000' }],
  ['search "m" (1 letter, most match)', { q: 'm' }],
  ['search "mül" (accent folded)', { q: 'mül' }],
  ['search "zoe mu" (a few dozen match)', { q: 'zoe mu' }],
  ['search "member-012345" (1 match)', { q: 'member-012345' }],
  ['search "nobody" (no match)', { q: 'nobody' }],
  ['search "mül", e-mail order, invited', { q: 'mül', sort: 'email', status: 'invited' }],
  ['search "a", role order desc, offset 20 000', { q: 'a', sort: 'role', dir: 'desc', offset: '20000' }],
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { members: { type: 'string', default: '100000' }, runs: { type: 'string', default: '15' } },
    strict: true,
  });
  const members = Number(values.members);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'tsa-bench-members-'));
  const dbPath = join(dir, 'bench.db');
  try {
    const seedDb = openDatabase(dbPath);
    const seedStarted = performance.now();
    await seedDemo(seedDb, { largeSafeMembers: members });
    seedDb.close();
    console.log(`Seeded ${members} members in ${Math.round(performance.now() - seedStarted)} ms`);

    const server = await startServer({ dbPath, log: () => {} });
    try {
      const { admin } = DEMO_ACCOUNTS;
      const signIn = await fetch(new URL(routes.signIn.path, server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      });
      const { accessToken } = (await signIn.json()) as { accessToken: string };
      const path = routePath(routes.listMembers.path, { safeId: LARGE_SAFE.id });

      console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${runs} runs each, page of 100`);
      console.log('request'.padEnd(48), 'median ms', ' worst ms', ' total');
      for (const [label, query] of CASES) {
        const url = new URL(path, server.url);
        for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
        const times: number[] = [];
        let total = 0;
        for (let run = 0; run <= runs; run++) {
          const started = performance.now();
          const answer = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
          const body = (await answer.json()) as { total: number };
          if (answer.status !== 200) throw new Error(`${label}: HTTP ${answer.status}`);
          if (run > 0) times.push(performance.now() - started); // the first run warms the statement cache
          total = body.total;
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)] ?? 0;
        const worst = times.at(-1) ?? 0;
        console.log(
          label.padEnd(48),
          median.toFixed(1).padStart(9),
          worst.toFixed(1).padStart(9),
          String(total).padStart(6),
        );
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
