/**
 * `npm run bench`: the member table on a 100 000-member safe, measured end
 * to end (real server, real main-process core with the real keychain, the
 * built renderer in Debian's Chromium), plus the offline cache. Prints the
 * figures with the machine they were taken on; then the load run
 * (bench/load.ts). A benchmark, not a test: it reports, it does not assert.
 */
import { chromium, type Page } from '@playwright/test';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createNodeCore } from '../electron/preview/node-core.ts';
import { startPreviewHost } from '../electron/preview/host.ts';
import { createLogger } from '../electron/core/log.ts';
import { TestApi } from '../testkit/api.ts';
import { printLoadReport, runLoad } from './load.ts';
import { startSeededServer } from '../testkit/server.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ROOT = join(import.meta.dirname, '..');
const quiet = createLogger(() => {});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Click a safe; time until its first member rows are painted (measured in the page). */
async function firstPaint(page: Page, safeId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const button = document.querySelector<HTMLElement>(`[data-safe-id="${id}"]`);
    if (!button) throw new Error('safe not in picker');
    const start = performance.now();
    button.click();
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const table = document.querySelector('[data-testid="member-table"]');
      if (
        table &&
        table.querySelector('[data-testid="member-row"]') &&
        document.querySelector(`[data-safe-id="${id}"][aria-current]`)
      ) {
        // The frame after the rows exist is the one that paints them.
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return performance.now() - start;
      }
      if (performance.now() - start > 30_000) throw new Error('no rows after 30 s');
    }
  }, safeId);
}

/** Type one more character into the search box; time until the rows for it are painted. */
async function keystroke(page: Page, value: string): Promise<number> {
  return page.evaluate(async (text) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="member-search"]');
    if (!input) throw new Error('no search box');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const start = performance.now();
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      // The table says which query its rows answer, and whether they are still loading.
      const table = document.querySelector<HTMLElement>('[data-testid="member-table"]');
      const answered = table?.dataset.query?.endsWith(`:${text}`) && table.dataset.stale === undefined;
      const shown = document.querySelector('[data-testid="member-row"], [data-testid="member-empty"]');
      if (answered && shown) {
        // The frame after the rows exist is the one that paints them.
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return performance.now() - start;
      }
      if (performance.now() - start > 10_000) throw new Error(`rows never answered "${text}"`);
    }
  }, value);
}

async function searchRun(page: Page, words: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const word of words) {
    for (let length = 1; length <= word.length; length += 1) times.push(await keystroke(page, word.slice(0, length)));
    await keystroke(page, '');
  }
  return times;
}

const startedAt = performance.now();
console.log(`Seeding a ${MEMBERS.toLocaleString('en')}-member safe…`);
const seedStart = performance.now();
const server = await startSeededServer({ largeSafeMembers: MEMBERS });
const seedMs = performance.now() - seedStart;
const admin = server.accounts.admin;
const api = await TestApi.signIn(server.url, admin.email, admin.password);
const large = (await api.call('listTeamSafes')).items.find((safe) => safe.memberCount >= MEMBERS);
if (!large) throw new Error('large safe not found');

const dataDir = mkdtempSync(join(tmpdir(), 'tsa-bench-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results: [string, string, string][] = [];

async function openSignedIn(core: Awaited<ReturnType<typeof createNodeCore>>) {
  const host = await startPreviewHost({ core, rendererDir: join(ROOT, 'out', 'renderer') });
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(host.issueLink());
  return { host, page };
}

try {
  // 1. Cold: no offline copy yet, pages come from the server.
  // No background sync: each step below measures one thing, and step 1 needs the safe without a copy.
  const core = await createNodeCore({ dataDir, defaultServerUrl: server.url, log: quiet, syncIntervalMs: 0 });
  await core.dispatch('settings:update', { language: 'en' });
  const signIn = await core.dispatch('session:signIn', {
    serverUrl: server.url,
    email: admin.email,
    password: admin.password,
  });
  if (!signIn.ok) throw new Error('sign-in failed');
  const first = await openSignedIn(core);
  await first.page.locator(`[data-safe-id="${large.id}"]`).waitFor();
  const cold = await firstPaint(first.page, large.id);
  results.push(['first paint of the member table, no offline copy (server pages)', ms(cold), '< 1000 ms']);

  // The full sync into the encrypted offline copy (background work, measured in main).
  const syncStart = performance.now();
  await core.sync.syncSafe(large.id);
  const fullSync = performance.now() - syncStart;
  results.push([
    `full sync of ${MEMBERS.toLocaleString('en')} members into the encrypted cache (main, once)`,
    ms(fullSync),
    '—',
  ]);

  // 2. Search keystroke to painted rows, answered from the in-memory index.
  const words = ['chiara', 'kowalski', 'müller', 'nguyen', 'zoë'];
  await searchRun(first.page, ['a']); // warm up the orderings
  const keys = await searchRun(first.page, words);
  results.push([`search keystroke → painted rows (median of ${keys.length})`, ms(median(keys)), '< 100 ms']);
  results.push(['search keystroke → painted rows (p95)', ms(p95(keys)), '—']);
  await first.page.close();
  await first.host.close();

  // 3. Incremental sync after one change (main-process work).
  const page = await api.call('listMembers', {
    params: { safeId: large.id },
    query: { status: 'activated', limit: 1 },
  });
  const target = page.items[0]!;
  await api.call('changeMemberRole', {
    params: { safeId: large.id, memberId: target.id },
    headers: { 'if-match': `"${target.version}"` },
    body: { role: target.role === 'viewer' ? 'editor' : 'viewer' },
  });
  const incremental: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const member = await api.call('getMember', { params: { safeId: large.id, memberId: target.id } });
    await api.call('changeMemberRole', {
      params: { safeId: large.id, memberId: target.id },
      headers: { 'if-match': `"${member.version}"` },
      body: { role: member.role === 'viewer' ? 'editor' : 'viewer' },
    });
    const start = performance.now();
    const report = await core.sync.syncSafe(large.id);
    incremental.push(performance.now() - start);
    if (!report || report.changed !== 1) throw new Error('incremental sync did not move exactly one change');
  }
  results.push(['incremental sync with one change (main, median of 5)', ms(median(incremental)), '< 100 ms']);

  // 4. Warm start: a new core (as after restarting the app) loads the encrypted copy.
  const reopened = await createNodeCore({ dataDir, defaultServerUrl: server.url, log: quiet, syncIntervalMs: 0 });
  const second = await openSignedIn(reopened);
  await second.page.locator(`[data-safe-id="${large.id}"]`).waitFor();
  const warm = await firstPaint(second.page, large.id);
  results.push(['first paint of a cached 100 000-member safe after restart (decrypt + load)', ms(warm), '< 1000 ms']);
  await second.page.close();
  await second.host.close();
  await reopened.dispatch('session:signOut', {});
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nTeam Safe Admin benchmark — ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `Machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`Seed of ${MEMBERS.toLocaleString('en')} members: ${ms(seedMs)}\n`);
const width = Math.max(...results.map(([name]) => name.length));
for (const [name, value, target] of results)
  console.log(`${name.padEnd(width)}  ${value.padStart(10)}   target ${target}`);
console.log(`\n(total ${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);

// The load run (bench/load.ts, also runnable alone): simulated admins against the reference server.
const load = await runLoad({ admins: 20, seconds: Number(process.env.LOAD_SECONDS ?? 60), members: 10_000 });
printLoadReport(load);
if (load.serverErrors > 0 || load.integrity.length > 0) process.exitCode = 1;
