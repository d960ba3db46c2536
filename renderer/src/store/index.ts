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
import type { AppState } from './types.ts';

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createSettingsSlice(...args),
  ...createSafesSlice(...args),
  ...createMembersSlice(...args),
}));

/** Loads what the first screen needs; the language is settled before anything is shown. */
export async function startApp(): Promise<void> {
  const { loadSettings, loadSession } = useAppStore.getState();
  await Promise.all([loadSettings(), loadSession()]);
}

/** Wires main's pushes into the store; returns the unsubscribe function. */
export function connectBridgeEvents(): () => void {
  return subscribe('session:changed', (session) => useAppStore.getState().applySession(session));
}

export type { AppState } from './types.ts';
