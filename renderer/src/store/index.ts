/**
 * The renderer's one store, composed of typed slices. Components read it
 * through selectors (`useShallow` when a selector builds an object/array);
 * actions live in the slices and call the bridge.
 */
import { create } from 'zustand';
import { subscribe } from '../bridge.ts';
import { createSessionSlice } from './session.ts';
import { createSettingsSlice } from './settings.ts';
import { createSafesSlice } from './safes.ts';
import { createMembersSlice } from './members.ts';
import { createMemberActionsSlice } from './memberActions.ts';
import { createNavigationSlice } from './navigation.ts';
import { createGroupsSlice } from './groups.ts';
import { createMatrixSlice } from './matrix.ts';
import { createSyncSlice } from './sync.ts';
import { createShellSlice } from './shell.ts';
import { createManagedSlice } from './managed.ts';
import { createActivitySlice } from './activity.ts';
import { createExportsSlice } from './exports.ts';
import { createPipelineSlice } from './pipeline.ts';
import type { AppState } from './types.ts';
import { detach } from '../detach.ts';

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createSettingsSlice(...args),
  ...createSafesSlice(...args),
  ...createMembersSlice(...args),
  ...createMemberActionsSlice(...args),
  ...createNavigationSlice(...args),
  ...createGroupsSlice(...args),
  ...createMatrixSlice(...args),
  ...createSyncSlice(...args),
  ...createShellSlice(...args),
  ...createManagedSlice(...args),
  ...createActivitySlice(...args),
  ...createExportsSlice(...args),
  ...createPipelineSlice(...args),
}));

/**
 * Loads what the first screen needs; the language (which may come from the
 * OS, so from `app:info`) is settled before anything is shown. Then the
 * one-time notices and a deep link that opened the app.
 */
export async function startApp(): Promise<void> {
  const { loadAppInfo, loadSettings, loadSession, takeNotices, loadUpdate } = useAppStore.getState();
  await Promise.all([loadAppInfo().then(loadSettings), loadSession(), loadUpdate()]);
  await takeNotices();
}

/** Wires main's pushes (and the window's network coming back) into the store; returns the unsubscribe function. */
export function connectBridgeEvents(): () => void {
  const onOnline = () => useAppStore.getState().networkBack();
  window.addEventListener('online', onOnline);
  const unsubscribers = [
    subscribe('session:changed', (session) => useAppStore.getState().applySession(session)),
    subscribe('sync:changed', (status) => useAppStore.getState().applySync(status)),
    subscribe('settings:changed', (settings) => useAppStore.getState().applySettings(settings)),
    subscribe('deepLink:changed', () => detach(useAppStore.getState().takeDeepLink())),
    subscribe('policy:changed', (policy) => useAppStore.getState().applyPolicy(policy)),
    subscribe('update:changed', (status) => useAppStore.getState().applyUpdate(status)),
    subscribe('app:command', ({ command }) => useAppStore.getState().runCommand(command)),
    subscribe('export:changed', (progress) => useAppStore.getState().applyExportProgress(progress)),
    () => window.removeEventListener('online', onOnline),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

export type { AppState } from './types.ts';
