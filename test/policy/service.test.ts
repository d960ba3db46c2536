/**
 * The policy service re-reading a real policy file while it runs: written,
 * changed, made untrusted, deleted, its folder created late. Subscribers
 * are awaited with vi.waitFor (no fixed sleeps, no timing asserts).
 */
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLinuxPolicySource } from '../../electron/core/policy/linux.ts';
import { createPolicyService, type PolicyService } from '../../electron/core/policy/service.ts';
import type { PolicySource } from '../../electron/core/policy/source.ts';
import { createLogger } from '../../electron/core/log.ts';
import type { ResolvedPolicy } from '../../shared/policy/resolve.ts';

const patience = { timeout: 10_000, interval: 20 };

describe('policy service', () => {
  let dir: string;
  let file: string;
  let lines: string[];
  let service: PolicyService | null;
  let seen: ResolvedPolicy[];
  const log = () => createLogger((line) => lines.push(line));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-live-'));
    file = join(dir, 'team-safe-admin', 'policy.json');
    lines = [];
    seen = [];
    service = null;
  });
  afterEach(() => {
    service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Like an admin's tooling: write next to it, fix the mode, rename over. */
  const install = (values: object, mode = 0o644) => {
    mkdirSync(join(dir, 'team-safe-admin'), { recursive: true, mode: 0o755 });
    const staging = join(dir, 'staging.json');
    writeFileSync(staging, JSON.stringify(values));
    chmodSync(staging, mode);
    renameSync(staging, file);
  };
  const start = async () => {
    service = await createPolicyService({ platform: 'linux', linuxFile: file, log: log(), debounceMs: 10 });
    service.subscribe((policy) => seen.push(policy));
    return service;
  };
  const latest = () => seen.at(-1);

  it('reads at start and applies a file that is written, changed, made untrusted and deleted', async () => {
    install({ ServerUrl: 'https://one.example.com' });
    const policy = await start();
    expect(policy.current().effective.ServerUrl).toEqual({ value: 'https://one.example.com', source: 'machine' });
    expect(policy.current().sources).toEqual([{ scope: 'machine', location: file, status: 'applied' }]);

    install({ ServerUrl: 'https://two.example.com', ServerUrlLocked: true });
    await vi.waitFor(() => expect(latest()?.effective.ServerUrl.value).toBe('https://two.example.com'), patience);
    expect(latest()?.effective.ServerUrlLocked).toEqual({ value: true, source: 'machine' });

    writeFileSync(file, JSON.stringify({ ServerUrl: 'https://three.example.com' })); // in place
    await vi.waitFor(() => expect(latest()?.effective.ServerUrl.value).toBe('https://three.example.com'), patience);

    chmodSync(file, 0o666);
    await vi.waitFor(() => expect(latest()?.sources[0]?.status).toBe('untrusted'), patience);
    expect(latest()?.effective.ServerUrl).toEqual({ value: null, source: 'default' });
    expect(lines.some((line) => line.includes('warn policy: machine') && line.includes('(writable_by_others)'))).toBe(
      true,
    );

    chmodSync(file, 0o644);
    await vi.waitFor(() => expect(latest()?.sources[0]?.status).toBe('applied'), patience);

    unlinkSync(file);
    await vi.waitFor(() => expect(latest()?.sources[0]?.status).toBe('absent'), patience);
    expect(policy.current()).toBe(latest());
  });

  it('notices a policy folder that appears after start, and one that goes away', async () => {
    const policy = await start();
    expect(policy.current().sources[0]?.status).toBe('absent');
    install({ Language: 'de' });
    await vi.waitFor(() => expect(latest()?.effective.Language).toEqual({ value: 'de', source: 'machine' }), patience);
    rmSync(join(dir, 'team-safe-admin'), { recursive: true });
    await vi.waitFor(() => expect(latest()?.sources[0]?.status).toBe('absent'), patience);
    install({ Language: 'fr' });
    await vi.waitFor(() => expect(latest()?.effective.Language.value).toBe('fr'), patience);
  });

  it('notifies only when the effective result changed', async () => {
    install({ UpdateMode: 'off' });
    const policy = await start();
    await policy.refresh();
    await Promise.all([policy.refresh(), policy.refresh(), policy.refresh()]);
    expect(seen).toHaveLength(0);
    install({ UpdateMode: 'auto' });
    const next = await policy.refresh();
    expect(next.effective.UpdateMode.value).toBe('auto');
    expect(seen.filter((each) => each.effective.UpdateMode.value === 'auto').length).toBeGreaterThanOrEqual(1);
    const count = seen.length;
    await policy.refresh();
    expect(seen).toHaveLength(count);
  });

  it('logs problems and unreadable files, and survives a failing source and a failing listener', async () => {
    install({ CacheMaxAgeDays: 999, Nonsense: 1 });
    let calls = 0;
    const exploding: PolicySource = {
      scope: 'user',
      location: 'test:exploding',
      watchFiles: [],
      read: async () => {
        calls += 1;
        throw new Error('disk on fire');
      },
    };
    service = await createPolicyService({ sources: [createLinuxPolicySource({ file }), exploding], log: log() });
    const policy = service;
    expect(policy.current().sources[1]).toEqual({
      scope: 'user',
      location: 'test:exploding',
      status: 'unreadable',
      reason: 'read_failed',
      detail: 'disk on fire',
    });
    expect(lines.some((line) => line.includes('machine CacheMaxAgeDays ignored (invalid_value)'))).toBe(true);
    expect(lines.some((line) => line.includes('machine Nonsense ignored (unknown_policy)'))).toBe(true);

    const good: ResolvedPolicy[] = [];
    policy.subscribe(() => {
      throw new Error('listener bug');
    });
    policy.subscribe((next) => good.push(next));
    install({ CacheMaxAgeDays: 9 });
    await vi.waitFor(() => expect(good.at(-1)?.effective.CacheMaxAgeDays.value).toBe(9), patience);
    expect(lines.some((line) => line.includes('error policy: a listener failed: listener bug'))).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('re-reads sources without files on a timer (Windows) and on refresh()', async () => {
    const values: Record<string, unknown> = { UpdateMode: 'notify' };
    const registry: PolicySource = {
      scope: 'machine',
      location: 'HKLM\\SOFTWARE\\Policies\\TeamSafeAdmin',
      watchFiles: [],
      read: async () => ({ scope: 'machine', location: 'HKLM', status: 'applied', values: { ...values } }),
    };
    service = await createPolicyService({ sources: [registry], log: log(), pollIntervalMs: 25 });
    service.subscribe((policy) => seen.push(policy));
    values.UpdateMode = 'off';
    await vi.waitFor(() => expect(latest()?.effective.UpdateMode.value).toBe('off'), patience);
    service.close();
    values.UpdateMode = 'auto';
    const afterClose = await service.refresh();
    expect(afterClose.effective.UpdateMode.value).toBe('off');
    expect(latest()?.effective.UpdateMode.value).toBe('off');
  });

  it('lets a burst of refresh() calls share reads: the one running and one after it', async () => {
    let reads = 0;
    const counting: PolicySource = {
      scope: 'machine',
      location: 'test:counting',
      watchFiles: [],
      read: async () => {
        reads += 1;
        return { scope: 'machine', location: 'test:counting', status: 'absent', values: {} };
      },
    };
    service = await createPolicyService({ sources: [counting], log: log(), pollIntervalMs: 0 });
    expect(reads).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => service!.refresh()));
    expect(reads).toBe(3);
  });

  it('unsubscribes', async () => {
    install({ Language: 'it' });
    const policy = await start();
    const other: ResolvedPolicy[] = [];
    const unsubscribe = policy.subscribe((next) => other.push(next));
    unsubscribe();
    install({ Language: 'en' });
    await vi.waitFor(() => expect(latest()?.effective.Language.value).toBe('en'), patience);
    expect(other).toHaveLength(0);
  });
});
