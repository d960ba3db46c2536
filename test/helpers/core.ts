/**
 * Cores for tests: the real core as the preview host builds it, with a test
 * keychain service (never the production one) and background-sync timers
 * the test fires by hand. Each opened core is disposed by `disposeAll`.
 */
import type { Core } from '../../electron/core/core.ts';
import type { Timers } from '../../electron/core/sync/scheduler.ts';
import { createNodeCore, type NodeCoreOptions } from '../../electron/preview/node-core.ts';
import type { Result } from '../../shared/errors.ts';
import type { Channel, ChannelRequest, ChannelResponse } from '../../shared/ipc/contract.ts';

/** The keychain service every test uses; the production name is refused under a test runner. */
export const TEST_KEYCHAIN_SERVICE = 'Team Safe Admin (test)';

export function attempt<C extends Channel>(
  core: Core,
  channel: C,
  request: ChannelRequest<C>,
): Promise<Result<ChannelResponse<C>>> {
  return core.dispatch(channel, request) as Promise<Result<ChannelResponse<C>>>;
}

export async function invoke<C extends Channel>(
  core: Core,
  channel: C,
  request: ChannelRequest<C>,
): Promise<ChannelResponse<C>> {
  const result = await attempt(core, channel, request);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} (${result.error.message})`);
  return result.value;
}

/** Timers that run only when the test says so; every delay asked for is recorded. */
export class ManualTimers implements Timers {
  readonly delays: number[] = [];
  #pending = new Map<number, () => void>();
  #next = 1;

  set(run: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.delays.push(ms);
    this.#pending.set(handle, run);
    return handle;
  }

  clear(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Run what is due now (as if its delay had passed). */
  fire(): void {
    const due = [...this.#pending.values()];
    this.#pending.clear();
    for (const run of due) run();
  }
}

export type TestCoreOptions = Omit<NodeCoreOptions, 'keychainService'>;

/** Opens cores with the test keychain service and manual timers (unless given), and disposes them all at the end. */
export function testCores() {
  const opened: Core[] = [];
  return {
    async open(options: TestCoreOptions): Promise<Core> {
      const core = await createNodeCore({
        keychainService: TEST_KEYCHAIN_SERVICE,
        timers: new ManualTimers(),
        ...options,
      });
      opened.push(core);
      return core;
    },
    async disposeAll(): Promise<void> {
      await Promise.all(opened.splice(0).map((core) => core.dispose()));
    },
  };
}
