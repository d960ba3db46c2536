/**
 * The renderer's `call` over the real core (as the preload hands it IPC
 * calls) and the real server: an error crosses main and the bridge as the
 * one shared `AppError`, with everything the server said about it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { createLogger } from '../../electron/core/log.ts';
import { Member } from '../../shared/api/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import type { Bridge } from '../../shared/ipc/contract.ts';
import { call } from '../../renderer/src/bridge.ts';
import { testCores } from '../helpers/core.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

/** What the preload does: each call straight into main's dispatcher, each push from main's events. */
function bridgeOver(core: Core): Bridge {
  return {
    invoke: ((channel, request) => core.dispatch(channel, request)) as Bridge['invoke'],
    on: (event, listener) =>
      core.subscribe((pushed, payload) => {
        if ((pushed as string) === event) listener(payload as Parameters<typeof listener>[0]);
      }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('renderer bridge', () => {
  let server: SeededServer;
  let dataDir: string;
  const cores = testCores();
  const scope = globalThis as { window?: { teamSafe?: Bridge } };

  beforeAll(async () => {
    server = await startSeededServer();
    dataDir = mkdtempSync(join(tmpdir(), 'tsa-bridge-'));
    const core = await cores.open({ dataDir, defaultServerUrl: server.url, log: createLogger(() => {}) });
    scope.window = { teamSafe: bridgeOver(core) };
  });
  afterAll(async () => {
    delete scope.window;
    await cores.disposeAll();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects with the shared AppError, keeping the current member of a conflict', async () => {
    const admin = server.accounts.admin;
    await call('session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
    const { member } = await call('members:invite', {
      safeId: 'safe-legal',
      requestId: 'bridge-conflict-01',
      invitation: {
        name: 'Bridge Conflict',
        email: 'bridge.conflict@invited.example',
        role: 'viewer',
        language: 'en',
        codeDelivery: 'display',
      },
    });
    const ref = { safeId: 'safe-legal', memberId: member.id, version: member.version };
    const changed = await call('members:changeRole', { ...ref, role: 'editor' });
    expect(changed.version).toBe(member.version + 1);

    // A second admin's view still holds the first version.
    const error = await rejection(call('members:changeRole', { ...ref, role: 'archivist' }));
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('precondition_failed');
    expect(Member.parse(appError.current)).toEqual(changed);
    expect(appError.toShape()).toMatchObject({ code: 'precondition_failed', current: changed });
  });

  it('carries field problems from main, and refuses a call without a bridge as internal', async () => {
    const error = await rejection(call('members:list', { safeId: 'safe-legal', status: 'all', offset: -1, limit: 10 }));
    expect(error).toMatchObject({ code: 'invalid_payload', fields: { offset: 'invalid_value' } });

    const bridge = scope.window?.teamSafe;
    delete scope.window?.teamSafe;
    try {
      expect(await rejection(call('session:get', {}))).toMatchObject({ name: 'AppError', code: 'internal' });
    } finally {
      scope.window = { teamSafe: bridge! };
    }
  });
});
