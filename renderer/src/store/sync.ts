import type { SyncStatus } from '../../../shared/ipc/contract.ts';
import { call, toAppError } from '../bridge.ts';
import type { SliceCreator } from './types.ts';

/** Online/offline mode, the age of the offline copy, and what changed while offline. */
export interface SyncSlice {
  sync: SyncStatus | null;
  syncing: boolean;
  loadSync(): Promise<void>;
  applySync(status: SyncStatus): void;
  syncNow(): Promise<void>;
  acknowledgeSync(): Promise<void>;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  sync: null,
  syncing: false,

  async loadSync() {
    try {
      set({ sync: await call('sync:status', {}) });
    } catch (error) {
      get().handleError(toAppError(error));
    }
  },

  applySync(status) {
    const previous = get().sync;
    set({ sync: status });
    // Back online, or a sync brought changes: re-read what is on screen.
    const cameBack = previous?.mode === 'offline' && status.mode === 'online';
    if (cameBack || (previous && status.revision !== previous.revision)) {
      void get().loadSafes();
      const safeId = get().selectedSafeId;
      if (safeId) get().refreshMembers(safeId);
    }
  },

  async syncNow() {
    set({ syncing: true });
    try {
      get().applySync(await call('sync:now', {}));
    } catch (error) {
      get().handleError(toAppError(error));
    } finally {
      set({ syncing: false });
    }
  },

  async acknowledgeSync() {
    try {
      set({ sync: await call('sync:acknowledge', {}) });
    } catch (error) {
      get().handleError(toAppError(error));
    }
  },
});
