import type { AppErrorShape } from '../../../shared/errors.ts';
import type { ChannelRequest } from '../../../shared/ipc/contract.ts';
import type { ResolvedPolicy } from '../../../shared/policy/resolve.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { call } from '../bridge.ts';
import type { SliceCreator } from './types.ts';

/** Activity is reported at most this often (idle sign-out counts in minutes). */
const ACTIVITY_EVERY_MS = 15_000;

/**
 * What the organisation decides (managed installs): the resolved machine
 * policy for the About view, the updater's status, saving the user's own
 * settings (refused where policy locks them), and the activity that keeps
 * idle sign-out away.
 */
export interface ManagedSlice {
  policy: ResolvedPolicy | null;
  update: UpdateStatus | null;
  /** Dismissed for this run ("Later"): the banner stays away until a new version or state. */
  updateDismissed: string | null;

  loadPolicy(): Promise<void>;
  applyPolicy(policy: ResolvedPolicy): void;
  loadUpdate(): Promise<void>;
  applyUpdate(status: UpdateStatus): void;
  checkForUpdate(): Promise<void>;
  restartToUpdate(): Promise<void>;
  dismissUpdate(): void;
  /** Saves the user's own settings; answers the error (policy_locked, …) or null. */
  saveSettings(patch: ChannelRequest<'settings:update'>): Promise<AppErrorShape | null>;
  reportActivity(): void;
}

export const createManagedSlice: SliceCreator<ManagedSlice> = (set, get) => {
  let lastActivity = 0;
  return {
    policy: null,
    update: null,
    updateDismissed: null,

    async loadPolicy() {
      try {
        set({ policy: await call('policy:get', {}) });
      } catch {
        // The About view says "unknown" rather than failing.
      }
    },

    applyPolicy(policy) {
      set({ policy });
    },

    async loadUpdate() {
      try {
        set({ update: await call('update:status', {}) });
      } catch {
        // No banner then.
      }
    },

    applyUpdate(update) {
      set({ update });
    },

    async checkForUpdate() {
      try {
        set({ update: await call('update:check', {}), updateDismissed: null });
      } catch (error) {
        get().handleError(error);
      }
    },

    async restartToUpdate() {
      try {
        await call('update:restart', {});
      } catch (error) {
        get().handleError(error);
      }
    },

    dismissUpdate() {
      const update = get().update;
      set({ updateDismissed: update ? `${update.state}:${update.availableVersion ?? ''}` : null });
    },

    async saveSettings(patch) {
      try {
        get().applySettings(await call('settings:update', patch));
        return null;
      } catch (error) {
        return get().handleError(error);
      }
    },

    reportActivity() {
      const now = Date.now();
      if (now - lastActivity < ACTIVITY_EVERY_MS) return;
      lastActivity = now;
      if (get().session?.status !== 'signedIn') return;
      // Fire and forget: a lost report only means idle sign-out counts from the one before.
      call('session:activity', {}).catch(() => undefined);
    },
  };
};
