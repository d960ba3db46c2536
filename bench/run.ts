/**
 * `npm run bench [-- --members 100000]`: every figure of issue 12 on the real
 * stack (the reference server in its own process, main-process cores in this
 * one with the real keychain, the built renderer in Debian's Chromium), with
 * real key presses, clicks and wheel turns, each sample ending at the frame
 * that paints the server's own answer. Writes bench/results/<date>-<members>.json
 * (machine, versions, every sample) and regenerates the README's tables from
 * bench/results/. A benchmark, not a test: it reports, it does not assert.
 *
 * Options: --members N (10000 / 100000 / 1000000), --samples N (≥ 20),
 * --cold-starts N (≥ 5), --memory-samples N (default: --samples), --no-build, --no-load (skip
 * bench/load.ts, the server load run: 20 admins for 60 s, on a 10 000-member safe at most).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { TestApi } from '../testkit/api.ts';
import { MEASURES, formatResult, median, summarise, verdict, type BenchResult, type MeasureKey } from './measures.ts';
import { HARNESS_SCRIPT, measureFloor } from './page.ts';
import {
  ADMIN,
  LARGE_SAFE_ID,
  ROOT,
  launchBrowser,
  newDataDir,
  openCore,
  openPage,
  seededDatabase,
  signIn,
  startServerProcess,
} from './stack.ts';
import { bulkAdds, firstPaint, safeButton, scrollTable, typeSearches } from './ui.ts';
import { fullSyncs, incrementalSyncs, probeMemory } from './main-work.ts';
import { coldStart } from './cold-start.ts';
import { runLoad } from './load-hook.ts';
import { writeReadmeTables } from './table.ts';

const { values: options } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '20' },
    'cold-starts': { type: 'string', default: '5' },
    'memory-samples': { type: 'string' },
    build: { type: 'boolean', default: true },
    load: { type: 'boolean', default: true },
  },
  allowNegative: true,
  strict: true,
});
const count = (name: keyof typeof options, min: number): number => {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return value;
};
const MEMBERS = count('members', 1);
const SAMPLES = count('samples', 1);
const COLD_STARTS = count('cold-starts', 1);
options['memory-samples'] ??= String(SAMPLES);
const MEMORY_SAMPLES = count('memory-samples', 1);
/** Rows compared with the server's answer: the first ones in view. */
const VISIBLE_ROWS = 10;
/** ASCII words (a key press per letter; `muller` finds Müller, accent-insensitively). */
const WORDS = ['chiara', 'kowalski', 'muller', 'nguyen', 'zoe', 'weber', 'ana'];
const startedAt = performance.now();
const log = (line: string) => console.log(line);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
const phase = (name: string) => log(`\n[${elapsed()}] ${name}`);
// Generous: a slow answer is a figure; only a wrong or missing one is a failure.
const TIMEOUT_MS = Math.max(30_000, MEMBERS / 20);

const measures: BenchResult['measures'] = {};
const durations: Record<string, number> = {};
const floor: number[] = [];
const put = (key: MeasureKey, samples: number[], failures: string[] = [], details?: Record<string, unknown>) => {
  measures[key] = summarise(samples, failures, details);
  log(`  ${MEASURES[key].label}: ${formatResult(measures[key], MEASURES[key].unit)}`);
  for (const failure of failures.slice(0, 3)) log(`    failed sample: ${failure}`);
};

if (options.build) {
  phase('Building the renderer, main and preload (electron-vite)');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('no out/renderer: build first');

phase(`Database with a ${MEMBERS.toLocaleString('en')}-member safe`);
const seed = await seededDatabase(MEMBERS, log);
durations.seed = seed.seedMs;
log(seed.reused ? '  reused a seeded database from an earlier run' : '');
const server = await startServerProcess(seed.dbPath);
// Renewed: a run at a million members outlives an access token.
const api = await TestApi.signIn(server.url, ADMIN.email, ADMIN.password, { renew: true });
const browser = await launchBrowser();
const chromiumVersion = browser.version();
const dataDirs: string[] = [];
const dataDir = (label: string) => {
  const dir = newDataDir(label);
  dataDirs.push(dir);
  return dir;
};

/**
 * One part of the run: a part that throws is reported (in the result file
 * too) and the run goes on with the next, so an hour at a million members is
 * never lost to one failure.
 */
const errors: string[] = [];
async function part(name: string, run: () => Promise<void>): Promise<void> {
  phase(name);
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors.push(`${name}: ${message}`);
    log(`  FAILED: ${message}`);
  }
}

try {
  const floorFailures: string[] = [];
  await part('Server path: a core with the offline cache switched off', async () => {
    const serverPath = await openCore(dataDir('server'), 'Team Safe Admin Bench server path', server.url);
    await signIn(serverPath, server.url, false);
    const serverPage = await openPage(browser, serverPath.core, HARNESS_SCRIPT);
    try {
      const serverFloor = await measureFloor(serverPage.page, SAMPLES);
      floor.push(...serverFloor.samples);
      floorFailures.push(...serverFloor.failures);
      const paints: number[] = [];
      const paintFailures: string[] = [];
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        if (sample > 0) await serverPage.page.reload();
        const outcome = await firstPaint(serverPage.page, api, LARGE_SAFE_ID, VISIBLE_ROWS, TIMEOUT_MS);
        if ('ms' in outcome) paints.push(outcome.ms);
        else paintFailures.push(outcome.error);
      }
      put('firstPaintServer', paints, paintFailures);
      const search = await typeSearches(serverPage.page, api, LARGE_SAFE_ID, words(), VISIBLE_ROWS, TIMEOUT_MS);
      put('searchServer', search.samples, search.failures);
    } finally {
      await serverPage.close();
    }
  });

  phase('Local path: a core with the offline cache');
  const local = await openCore(dataDir('local'), 'Team Safe Admin Bench local path', server.url);
  await signIn(local, server.url, true);
  await part('Full syncs (main process)', async () => {
    const full = await fullSyncs(local.core, LARGE_SAFE_ID, SAMPLES, log);
    put('fullSync', full.wall, full.failures);
    put('fullSyncCpu', full.cpu);
    put('fullSyncLongestTask', full.longestTask);
  });
  await part('Incremental syncs (main process)', async () => {
    const incremental = await incrementalSyncs(local.core, api, LARGE_SAFE_ID, SAMPLES);
    put('incrementalSync', incremental.wall, incremental.failures, {
      cpuMs: incremental.cpu,
      longestTaskMs: incremental.longestTask,
    });
  });

  await part('Local path in the page: search, scrolling, bulk add', async () => {
    const localPage = await openPage(browser, local.core, HARNESS_SCRIPT);
    try {
      const localFloor = await measureFloor(localPage.page, SAMPLES);
      floor.push(...localFloor.samples);
      floorFailures.push(...localFloor.failures);
      const opened = await firstPaint(localPage.page, api, LARGE_SAFE_ID, VISIBLE_ROWS, TIMEOUT_MS);
      if ('error' in opened) throw new Error(`the local copy did not paint the server's rows: ${opened.error}`);
      const search = await typeSearches(localPage.page, api, LARGE_SAFE_ID, words(), VISIBLE_ROWS, TIMEOUT_MS);
      put('searchLocal', search.samples, search.failures);
      const scroll = await scrollTable(localPage.page, SAMPLES);
      put('scrollLongestTask', scroll.longestTask, scroll.paint.failures, {
        wheelToRowsPaintedMs: scroll.paint.samples,
        lastRowAtTheBottom: scroll.lastRow,
      });
      log(`  at the bottom the last row in view is member ${scroll.lastRow.reached + 1} of ${scroll.lastRow.rows}`);
      const bulk = await bulkAdds(localPage.page, api, SAMPLES, TIMEOUT_MS);
      put('bulkAdd', bulk.samples, bulk.failures);
    } finally {
      await localPage.close();
    }
  });
  if (floor.length > 0 || floorFailures.length > 0) put('floor', floor, floorFailures);

  await part('Restart: a new core on the same data folder, for each sample', async () => {
    const restarts: number[] = [];
    const restartFailures: string[] = [];
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const restarted = await openCore(local.dataDir, local.keychainService, server.url);
      const open = await openPage(browser, restarted.core, HARNESS_SCRIPT);
      try {
        await safeButton(open.page, LARGE_SAFE_ID).waitFor();
        const outcome = await firstPaint(open.page, api, LARGE_SAFE_ID, VISIBLE_ROWS, TIMEOUT_MS);
        if ('ms' in outcome) restarts.push(outcome.ms);
        else restartFailures.push(outcome.error);
        log(`  restart ${sample + 1}/${SAMPLES}: ${'ms' in outcome ? `${outcome.ms.toFixed(0)} ms` : 'failed'}`);
      } finally {
        await open.close();
        // The copy goes on loading after its first rows: a search waits for all of it. Then this core
        // goes, so that one restart's loading neither slows the next nor holds its memory.
        await restarted.core.dispatch('members:list', {
          safeId: LARGE_SAFE_ID,
          status: 'all',
          offset: 0,
          limit: 1,
          sort: 'name',
          dir: 'asc',
          q: 'zz',
        });
        await restarted.core.dispose();
      }
    }
    put('firstPaintCached', restarts, restartFailures);
  });

  await part('Main-process memory: fresh processes, empty profile vs. the large safe cached and open', async () => {
    const growth: number[] = [];
    const probes: unknown[] = [];
    const memoryFailures: string[] = [];
    for (let sample = 0; sample < MEMORY_SAMPLES; sample += 1) {
      const empty = await probeMemory(dataDir('memory'), 'Team Safe Admin Bench memory');
      const open = await probeMemory(local.dataDir, local.keychainService, LARGE_SAFE_ID);
      probes.push({ empty, open });
      if (open.cached) growth.push((open.rss - empty.rss) / 1e6);
      else memoryFailures.push('the safe was not answered from the local copy');
    }
    put('memoryGrowth', growth, memoryFailures, { probes });
  });

  await part(`Cold starts of the preview host (${COLD_STARTS}, each with a new profile)`, async () => {
    const colds = [];
    for (let sample = 0; sample < COLD_STARTS; sample += 1) colds.push(await coldStart(browser, server.url));
    put(
      'coldStart',
      colds.map((cold) => cold.totalMs),
      [],
      { hostReadyMs: colds.map((cold) => cold.hostReadyMs), pageMs: colds.map((cold) => cold.pageMs) },
    );
    put(
      'signInScript',
      colds.map((cold) => cold.scripts.reduce((sum, script) => sum + script.gzip, 0) / 1000),
      [],
      { scripts: colds[0]?.scripts ?? [] },
    );
  });
} finally {
  await browser.close();
  await server.close();
  for (const dir of [...dataDirs, seed.dir]) rmSync(dir, { recursive: true, force: true });
}

let load: unknown;
if (options.load) {
  phase('Server load run (bench/load.ts)');
  load = await runLoad(MEMBERS, log);
}

durations.total = performance.now() - startedAt;
const result: BenchResult = {
  schema: 1,
  date: new Date().toISOString(),
  members: MEMBERS,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg(),
  },
  versions: { node: process.version, chromium: chromiumVersion, app: appVersion(), commit: commit() },
  settings: { samples: SAMPLES, coldStarts: COLD_STARTS, memorySamples: MEMORY_SAMPLES, visibleRows: VISIBLE_ROWS },
  durationsMs: durations,
  measures,
  ...(errors.length > 0 ? { errors } : {}),
  ...(load === undefined ? {} : { load }),
};
const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${result.date.slice(0, 10)}-${MEMBERS}.json`);
// Formatted as `prettier --check .` expects.
writeFileSync(file, await format(JSON.stringify(result, null, 2), { ...(await resolveConfig(file)), parser: 'json' }));
printSummary(result);
log(`\nWrote ${file}`);
log((await writeReadmeTables()) ? 'README.md tables regenerated from bench/results/' : 'README.md tables unchanged');

function words(): string[] {
  const list: string[] = [];
  for (let index = 0; list.join('').length < SAMPLES; index += 1) list.push(WORDS[index % WORDS.length]!);
  return list;
}

function printSummary(run: BenchResult): void {
  const floorMedian = run.measures.floor?.median ?? Number.NaN;
  log(`\nTeam Safe Admin benchmark, ${run.members.toLocaleString('en')} members — ${run.date.slice(0, 10)}`);
  log(`${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.memoryGiB} GiB; Node ${run.versions.node}, `);
  log(`Chromium ${run.versions.chromium}, app ${run.versions.app} (${run.versions.commit})\n`);
  for (const [key, definition] of Object.entries(MEASURES) as [MeasureKey, (typeof MEASURES)[MeasureKey]][]) {
    const measured = run.measures[key];
    const ratio =
      'floorRatio' in definition && measured ? `  ${(measured.median / floorMedian).toFixed(1)} × floor` : '';
    const met = verdict(definition, measured, floorMedian) || ' ';
    log(
      `${`${definition.label} [${definition.path}]`.padEnd(100)} ${formatResult(measured, definition.unit).padStart(24)} ${met} target ${definition.target}${ratio}`,
    );
  }
  for (const error of run.errors ?? []) log(`FAILED PART ${error.split('\n')[0]}`);
  log(`\n(total ${(run.durationsMs.total! / 1000).toFixed(0)} s; floor median ${median(floor).toFixed(1)} ms)`);
}

function appVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    // Earlier results and the README they generate do not make the code differ from the commit.
    const status = ['status', '--porcelain', '--', '.', ':!bench/results', ':!README.md'];
    const dirty = execFileSync('git', status, { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
