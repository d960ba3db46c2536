import type { StateCreator } from 'zustand';
import type { AppErrorShape } from '../../../shared/errors.ts';
import type { SessionSlice } from './session.ts';
import type { SettingsSlice } from './settings.ts';
import type { SafesSlice } from './safes.ts';
import type { MembersSlice } from './members.ts';
import type { MemberActionsSlice } from './memberActions.ts';
import type { NavigationSlice } from './navigation.ts';
import type { GroupsSlice } from './groups.ts';
import type { MatrixSlice } from './matrix.ts';
import type { SyncSlice } from './sync.ts';
import type { ShellSlice } from './shell.ts';
import type { ManagedSlice } from './managed.ts';
import type { ActivitySlice } from './activity.ts';
import type { ExportsSlice } from './exports.ts';
import type { PipelineSlice } from './pipeline.ts';

/**
 * The one store is the intersection of its slices. A new slice is added
 * here and in `index.ts`, and nowhere else.
 */
export type AppState = SessionSlice &
  SettingsSlice &
  SafesSlice &
  MembersSlice &
  MemberActionsSlice &
  NavigationSlice &
  GroupsSlice &
  MatrixSlice &
  SyncSlice &
  ShellSlice &
  ManagedSlice &
  ActivitySlice &
  ExportsSlice &
  PipelineSlice;

/** A slice sees (and may call into) the whole store, but owns only its part. */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface LoadState {
  status: LoadStatus;
  error: AppErrorShape | null;
}

export const IDLE: LoadState = { status: 'idle', error: null };
export const LOADING: LoadState = { status: 'loading', error: null };
export const READY: LoadState = { status: 'ready', error: null };
export function failed(error: AppErrorShape): LoadState {
  return { status: 'failed', error };
}
