import type { MemberStatusFilter, TeamSafe, User } from '../../../shared/api/schemas.ts';
import { memberListKey, type MemberList, type MemberSummary } from './members.ts';
import type { AppState } from './types.ts';

export const selectCurrentUser = (state: AppState): User | null =>
  state.session?.status === 'signedIn' ? state.session.user : null;

export const selectSelectedSafe = (state: AppState): TeamSafe | null =>
  state.safes.find((safe) => safe.id === state.selectedSafeId) ?? null;

export const selectMemberList =
  (safeId: string, status: MemberStatusFilter) =>
  (state: AppState): MemberList | undefined =>
    state.memberLists[memberListKey(safeId, status)];

export const selectMemberSummary =
  (safeId: string) =>
  (state: AppState): MemberSummary | undefined =>
    state.memberSummaries[safeId];
