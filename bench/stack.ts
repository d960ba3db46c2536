/**
 * The real stack the benchmark drives: a seeded reference server in its own
 * process (so its SQLite work never counts as main-process work), main-process
 * cores in this process with the real keychain, preview hosts serving the
 * built renderer, and Debian's Chromium.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../server/db.ts';
import { DEMO_ACCOUNTS, LARGE_SAFE, seedDemo } from '../server/seed.ts';
import { createNodeCore } from '../electron/preview/node-core.ts';
import { startPreviewHost, type PreviewHost } from '../electron/preview/host.ts';
import { createLogger } from '../electron/core/log.ts';
import type { Core } from '../electron/core/core.ts';
import { chromiumLaunchOptions } from '../testkit/chromium.ts';

export const ROOT = join(import.meta.dirname, '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
/** Generated organisation users, for the bulk-add measure. */
export const ORG_USERS = 200;
export const ADMIN = DEMO_ACCOUNTS.admin;
export const LARGE_SAFE_ID = LARGE_SAFE.id;
const quiet = createLogger(() => {});

/** Files whose content decides what a seed holds: a change in any of them seeds anew. */
const SEED_SOURCES = [
  'server/seed.ts',
  'server/groups-seed.ts',
  'server/db.ts',
  'server/groups.ts',
  'server/security-groups.demo.json',
];

/**
 * A database with a `members`-member safe. Seeding a million rows takes a
 * while, so a seeded file is kept under .data/bench-seeds/ (keyed by the seed
 * code and the sizes) and each run works on a fresh copy of it.
 */
export async function seededDatabase(
  members: number,
  log: (line: string) => void,
): Promise<{ dbPath: string; seedMs: number; reused: boolean; dir: string }> {
  const hash = createHash('sha256');
  for (const file of SEED_SOURCES) hash.update(readFileSync(join(ROOT, file)));
  hash.update(`${members}:${ORG_USERS}`);
  const cacheDir = join(ROOT, '.data', 'bench-seeds');
  const cached = join(cacheDir, `${members}-${hash.digest('hex').slice(0, 16)}.db`);
  let seedMs = 0;
  let reused = true;
  if (!existsSync(cached)) {
    reused = false;
    mkdirSync(cacheDir, { recursive: true });
    log(`Seeding ${members.toLocaleString('en')} members (kept in ${cached} for later runs)…`);
    const partial = `${cached}.partial`;
    rmSync(partial, { force: true });
    const started = performance.now();
    const db = openDatabase(partial);
    // A bulk load into a throw-away file: no journal, no fsync, and a page cache that holds the indexes
    // (a quarter faster at 100 000 members). The server opens the finished file in WAL mode as always.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -524288');
    try {
      await seedDemo(db, { largeSafeMembers: members, largeOrgUsers: ORG_USERS });
    } finally {
      db.close();
    }
    seedMs = performance.now() - started;
    renameSync(partial, cached);
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    log(`Seeded in ${(seedMs / 1000).toFixed(1)} s`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsa-bench-db-'));
  const dbPath = join(dir, 'team-safe.db');
  copyFileSync(cached, dbPath);
  return { dbPath, seedMs, reused, dir };
}

export interface ServerProcess {
  url: string;
  close(): Promise<void>;
}

/** `node server/main.ts` on a free loopback port, in its own process. */
export async function startServerProcess(dbPath: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', join(ROOT, 'server', 'main.ts'), '--db', dbPath, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await firstMatch(child, /listening on (http:\/\/\S+)/);
  return { url, close: () => stop(child) };
}

/** Waits for a line of the child's output that matches; rejects if the child ends first. */
export function firstMatch(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`child process ended (${code}) before ${pattern}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      child.off('exit', onExit);
      lines.close();
      child.stdout?.resume(); // keep draining what it prints later
      resolve(match[1] ?? line);
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface BenchCore {
  core: Core;
  dataDir: string;
  keychainService: string;
}

/**
 * A core on `dataDir`. Each path gets its own keychain service, so the
 * cache-off core never wipes the key of the local copy (and each keeps its own
 * refresh token).
 */
export async function openCore(dataDir: string, keychainService: string, serverUrl: string): Promise<BenchCore> {
  const core = await createNodeCore({
    dataDir,
    keychainService,
    defaultServerUrl: serverUrl,
    log: quiet,
    locale: 'en-GB',
  });
  return { core, dataDir, keychainService };
}

export async function signIn(bench: BenchCore, serverUrl: string, cacheEnabled: boolean): Promise<void> {
  const { core } = bench;
  const settings = await core.dispatch('settings:update', { language: 'en', cacheEnabled });
  if (!settings.ok) throw new Error(`settings:update failed: ${settings.error.code}`);
  const result = await core.dispatch('session:signIn', { serverUrl, email: ADMIN.email, password: ADMIN.password });
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
}

export function newDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `tsa-bench-${label}-`));
}

export interface OpenPage {
  page: Page;
  host: PreviewHost;
  close(): Promise<void>;
}

/** The built renderer for `core` in a new page (its own browser context, so nothing is cached). */
export async function openPage(browser: Browser, core: Core, init: string): Promise<OpenPage> {
  const host = await startPreviewHost({ core, rendererDir: RENDERER_DIR });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  await context.addInitScript(init);
  const page = await context.newPage();
  await page.goto(host.issueLink());
  return {
    page,
    host,
    async close() {
      await context.close();
      await host.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}
