/**
 * The renderer's store over the real core and the real server, as the
 * preload hands it IPC calls: a search asks main before anything is drawn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { createLogger } from '../../electron/core/log.ts';
import type { Bridge } from '../../shared/ipc/contract.ts';
import { invoke, testCores } from '../helpers/core.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

describe('member search in the store', () => {
  let server: SeededServer;
  let dataDir: string;
  let core: Core;
  const cores = testCores();
  const scope = globalThis as { window?: { teamSafe?: Bridge } };
  /** What happened, in order: calls leaving for main and changes of the store. */
  const happened: string[] = [];

  beforeAll(async () => {
    server = await startSeededServer();
    dataDir = mkdtempSync(join(tmpdir(), 'tsa-search-'));
    core = await cores.open({ dataDir, defaultServerUrl: server.url, log: createLogger(() => {}) });
    scope.window = {
      teamSafe: {
        invoke: ((channel, request) => {
          happened.push(`call ${channel}`);
          return core.dispatch(channel, request);
        }) as Bridge['invoke'],
        on: () => () => undefined,
      },
    };
  });
  afterAll(async () => {
    delete scope.window;
    await cores.disposeAll();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks main for the first page before the store changes, and lands the answer in the new list', async () => {
    const { useAppStore } = await import('../../renderer/src/store/index.ts');
    const { memberListKey, MEMBER_PAGE_SIZE } = await import('../../renderer/src/store/members.ts');
    const admin = server.accounts.admin;
    const signedIn = await core.dispatch('session:signIn', {
      serverUrl: server.url,
      email: admin.email,
      password: admin.password,
    });
    expect(signedIn.ok).toBe(true);
    await useAppStore.getState().loadSafes();
    const safeId = useAppStore.getState().selectedSafeId;
    expect(safeId).not.toBeNull();

    happened.length = 0;
    const stop = useAppStore.subscribe(() => happened.push('store changed'));
    useAppStore.getState().setMemberSearch('  a ');
    stop();
    // Main works on the answer while the key press is drawn: the call leaves first.
    expect(happened[0]).toBe('call members:list');
    expect(happened.slice(1)).toEqual(['store changed']);

    const query = useAppStore.getState().memberQuery;
    expect(query.q).toBe('a');
    const key = memberListKey(safeId!, 'all', query);
    expect(useAppStore.getState().memberLists[key]?.pending).toEqual({ 0: true });
    await expect.poll(() => useAppStore.getState().memberLists[key]?.total ?? null).not.toBeNull();
    const expected = await invoke(core, 'members:list', {
      safeId: safeId!,
      status: 'all',
      offset: 0,
      limit: MEMBER_PAGE_SIZE,
      sort: 'name',
      dir: 'asc',
      q: 'a',
    });
    const list = useAppStore.getState().memberLists[key]!;
    expect(list.total).toBe(expected.total);
    expect(list.pages[0]?.map((member) => member.id)).toEqual(expected.items.map((member) => member.id));
    expect(list.pending).toEqual({});
  });
});
