import type { SafeUpdate, SyncStatus } from '../../../shared/ipc/contract.ts';
import { call } from '../bridge.ts';
import type { SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

/** Online/offline mode, the age of the offline copy, and what changed while offline. */
export interface SyncSlice {
  sync: SyncStatus | null;
  syncing: boolean;
  loadSync(): Promise<void>;
  /**
   * From `sync:status`, `sync:now` or the `sync:changed` push. A newer
   * revision says what it changed: those safes are updated in place and
   * their members re-read; the safe list is re-read only when it changed.
   */
  applySync(status: SyncStatus): void;
  syncNow(): Promise<void>;
  acknowledgeSync(): Promise<void>;
  /** The window saw the network come back: main syncs at once. */
  networkBack(): void;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => {
  function applyUpdate(update: SafeUpdate): void {
    const state = get();
    if (update.safe) state.noteSafe(update.safe);
    if (update.digitalArchive !== undefined) state.noteDigitalArchive(update.safeId, update.digitalArchive);
    state.refreshMembers(update.safeId);
  }

  function rereadAll(): void {
    detach(get().loadSafes());
    const safeId = get().selectedSafeId;
    if (safeId) get().refreshMembers(safeId);
  }

  return {
    sync: null,
    syncing: false,

    async loadSync() {
      try {
        get().applySync(await call('sync:status', {}));
      } catch (error) {
        get().handleError(error);
      }
    },

    applySync(status) {
      const previous = get().sync;
      // Answers and pushes can cross: an older revision than the one shown is stale.
      if (previous && status.revision < previous.revision) return;
      set({ sync: status });
      if (!previous) return;
      const cameBack = previous.mode === 'offline' && status.mode === 'online';
      if (cameBack || status.revision > previous.revision + 1) {
        // Back online, or revisions were missed: re-read what is on screen.
        rereadAll();
      } else if (status.revision === previous.revision + 1) {
        if (status.changed.safeList) detach(get().loadSafes());
        status.changed.safes.forEach(applyUpdate);
      }
    },

    async syncNow() {
      set({ syncing: true });
      try {
        get().applySync(await call('sync:now', {}));
      } catch (error) {
        get().handleError(error);
      } finally {
        set({ syncing: false });
      }
    },

    async acknowledgeSync() {
      try {
        set({ sync: await call('sync:acknowledge', {}) });
      } catch (error) {
        get().handleError(error);
      }
    },

    networkBack() {
      if (get().session?.status !== 'signedIn') return;
      call('sync:networkBack', {}).catch((error: unknown) => get().handleError(error));
    },
  };
};
