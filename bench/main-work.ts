/**
 * Main-process work, measured in this process (the server runs in its own):
 * wall time, CPU time, and the longest event-loop block while it runs
 * (`perf_hooks.monitorEventLoopDelay` at 1 ms resolution: a task that blocks
 * the loop for 80 ms delays its timer by about 80 ms, so the histogram's
 * maximum is the longest task). Memory is measured in fresh child processes.
 */
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestApi } from '../testkit/api.ts';
import type { Core } from '../electron/core/core.ts';
import { ROOT } from './stack.ts';

export interface MainWork<T> {
  result: T;
  wallMs: number;
  cpuMs: number;
  longestTaskMs: number;
}

export async function timeMainWork<T>(work: () => Promise<T>): Promise<MainWork<T>> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // A block that ends the work delays the monitor's next timer, which fires only after the work
  // resolved: let it fire before reading the maximum, or the last task would not count.
  await new Promise((resolve) => setTimeout(resolve, 5));
  loop.disable();
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000, longestTaskMs: loop.max / 1e6 };
}

export interface SyncSamples {
  wall: number[];
  cpu: number[];
  longestTask: number[];
  failures: string[];
}

/** Full syncs of `safeId` into an empty encrypted cache (the copy is wiped before each). */
export async function fullSyncs(
  core: Core,
  safeId: string,
  samples: number,
  progress: (line: string) => void,
): Promise<SyncSamples> {
  const out: SyncSamples = { wall: [], cpu: [], longestTask: [], failures: [] };
  for (let sample = 0; sample < samples; sample += 1) {
    // Switching the copy off and on wipes it (files and key), as the settings screen would.
    await core.dispatch('settings:update', { cacheEnabled: false });
    await core.dispatch('settings:update', { cacheEnabled: true });
    const work = await timeMainWork(() => core.sync.syncSafe(safeId));
    if (!work.result) {
      out.failures.push('no cache (signed out or cache off)');
      continue;
    }
    out.wall.push(work.wallMs);
    out.cpu.push(work.cpuMs);
    out.longestTask.push(work.longestTaskMs);
    progress(`  full sync ${sample + 1}/${samples}: ${work.wallMs.toFixed(0)} ms`);
  }
  return out;
}

/** One role change on the server, then the sync that brings exactly that change. */
export async function incrementalSyncs(core: Core, api: TestApi, safeId: string, samples: number) {
  const out: SyncSamples = { wall: [], cpu: [], longestTask: [], failures: [] };
  const page = await api.call('listMembers', { params: { safeId }, query: { status: 'activated', limit: 1 } });
  const memberId = page.items[0]!.id;
  await core.sync.syncSafe(safeId);
  for (let sample = 0; sample < samples; sample += 1) {
    const member = await api.call('getMember', { params: { safeId, memberId } });
    await api.call('changeMemberRole', {
      params: { safeId, memberId },
      headers: { 'if-match': `"${member.version}"` },
      body: { role: member.role === 'viewer' ? 'editor' : 'viewer' },
    });
    const work = await timeMainWork(() => core.sync.syncSafe(safeId));
    if (work.result?.changed !== 1) {
      out.failures.push(`sync moved ${JSON.stringify(work.result)} instead of one change`);
      continue;
    }
    out.wall.push(work.wallMs);
    out.cpu.push(work.cpuMs);
    out.longestTask.push(work.longestTaskMs);
  }
  return out;
}

export interface MemoryProbe {
  rss: number;
  heapUsed: number;
  external: number;
  cached: boolean;
}

/** `bench/memory-probe.ts` in a fresh Node process: a core on `dataDir`, optionally with `safeId` open. */
export async function probeMemory(dataDir: string, keychainService: string, safeId?: string): Promise<MemoryProbe> {
  const args = ['--expose-gc', join(ROOT, 'bench', 'memory-probe.ts'), dataDir, keychainService];
  if (safeId) args.push(safeId);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as MemoryProbe;
}
