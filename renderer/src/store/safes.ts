import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { call } from '../bridge.ts';
import { IDLE, LOADING, READY, failed, type LoadState, type SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

export interface SafesSlice {
  safes: readonly TeamSafe[];
  safesLoad: LoadState;
  selectedSafeId: string | null;

  loadSafes(): Promise<void>;
  /** Opens a safe and remembers it, so the next start (online or offline) opens it again. */
  selectSafe(safeId: string): void;
  /** A safe as main now knows it (after a change or a sync): replaced in place. */
  noteSafe(safe: TeamSafe): void;
  /** A member page carries fresher counts than the safe list: keep the picker in step. */
  noteSafeUsage(safeId: string, memberCount: number, memberLimit: number): void;
  resetSafes(): void;
}

export const createSafesSlice: SliceCreator<SafesSlice> = (set, get) => ({
  safes: [],
  safesLoad: IDLE,
  selectedSafeId: null,

  async loadSafes() {
    const epoch = get().sessionEpoch;
    set({ safesLoad: LOADING });
    try {
      const { items } = await call('safes:list', {});
      if (get().sessionEpoch !== epoch) return;
      set((state) => {
        const listed = (id: string | null | undefined) => (id && items.some((safe) => safe.id === id) ? id : null);
        return {
          safes: items,
          safesLoad: READY,
          selectedSafeId: listed(state.selectedSafeId) ?? listed(state.settings?.lastSafeId) ?? items[0]?.id ?? null,
        };
      });
    } catch (error) {
      const shape = get().handleError(error);
      if (get().sessionEpoch !== epoch) return;
      set({ safesLoad: failed(shape) });
    } finally {
      // Main now knows whether the server answered: show online/offline and the data's age.
      if (get().sessionEpoch === epoch) detach(get().loadSync());
    }
  },

  selectSafe(safeId) {
    if (!get().safes.some((safe) => safe.id === safeId) || get().selectedSafeId === safeId) return;
    set((state) => ({
      selectedSafeId: safeId,
      settings: state.settings ? { ...state.settings, lastSafeId: safeId } : state.settings,
    }));
    // Only a convenience for the next start: failing to remember it changes nothing now.
    call('settings:update', { lastSafeId: safeId }).catch(() => undefined);
  },

  noteSafe(safe) {
    set((state) => ({
      safes: state.safes.map((candidate) => (candidate.id === safe.id ? safe : candidate)),
    }));
  },

  noteSafeUsage(safeId, memberCount, memberLimit) {
    const safe = get().safes.find((candidate) => candidate.id === safeId);
    if (!safe || (safe.memberCount === memberCount && safe.memberLimit === memberLimit)) return;
    set((state) => ({
      safes: state.safes.map((candidate) =>
        candidate.id === safeId ? { ...candidate, memberCount, memberLimit } : candidate,
      ),
    }));
  },

  resetSafes() {
    set({ safes: [], safesLoad: IDLE, selectedSafeId: null });
  },
});
