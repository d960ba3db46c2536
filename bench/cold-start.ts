/**
 * Cold starts: a new preview-host process with a new profile (empty data
 * folder) and a new browser context (empty cache), from spawning the process
 * to the frame that paints the sign-in form. The same page load also gives
 * the renderer JavaScript that arrived before that frame (gzip -9 of each
 * script, as the build's composition report counts; the preview host's
 * `/__preview/bridge.js` stands in for the preload and is not counted).
 */
import type { Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { HARNESS_SCRIPT } from './page.ts';
import { ROOT, firstMatch, newDataDir, stop } from './stack.ts';

export interface ColdStart {
  totalMs: number;
  /** Process spawned → host listening (core built, renderer folder served). */
  hostReadyMs: number;
  /** Navigation start → sign-in painted, in the page. */
  pageMs: number;
  scripts: { url: string; bytes: number; gzip: number }[];
}

const epochNow = () => performance.timeOrigin + performance.now();

export async function coldStart(browser: Browser, serverUrl: string): Promise<ColdStart> {
  const dataDir = newDataDir('cold');
  const spawnedAt = epochNow();
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', join(ROOT, 'bench', 'cold-host.ts'), dataDir, serverUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  try {
    await context.addInitScript(HARNESS_SCRIPT);
    const page = await context.newPage();
    const bodies = new Map<string, Promise<Buffer | null>>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        bodies.set(
          response.url(),
          response.body().catch(() => null),
        );
    });
    const link = await firstMatch(child, /^link (\S+)$/);
    const hostReadyAt = epochNow();
    await page.goto(link);
    const painted = await page.waitForFunction(() => {
      const at = window.__bench?.signInPaintedAt;
      if (at === null || at === undefined) return null;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((entry) => (entry as PerformanceResourceTiming).responseEnd <= at && /\.js(\?|$)/.test(entry.name))
        .map((entry) => entry.name);
      return { at, origin: performance.timeOrigin, scripts };
    });
    const { at, origin, scripts } = (await painted.jsonValue())!;
    const counted: ColdStart['scripts'] = [];
    for (const url of scripts) {
      if (new URL(url).pathname.startsWith('/__preview/')) continue;
      const body = await bodies.get(url);
      if (!body) throw new Error(`no body recorded for ${url}`);
      counted.push({ url: new URL(url).pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }
    return { totalMs: origin + at - spawnedAt, hostReadyMs: hostReadyAt - spawnedAt, pageMs: at, scripts: counted };
  } finally {
    await context.close();
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
