import type { MemberStatusFilter, TeamSafe, User } from '../../../shared/api/schemas.ts';
import { memberListKey, type MemberList, type MemberQuery, type MemberSummary } from './members.ts';
import type { AppState } from './types.ts';

export const selectCurrentUser = (state: AppState): User | null =>
  state.session?.status === 'signedIn' ? state.session.user : null;

export const selectSelectedSafe = (state: AppState): TeamSafe | null =>
  state.safes.find((safe) => safe.id === state.selectedSafeId) ?? null;

export const selectMemberList =
  (safeId: string, status: MemberStatusFilter, query: MemberQuery) =>
  (state: AppState): MemberList | undefined =>
    state.memberLists[memberListKey(safeId, status, query)];

export const selectMemberSummary =
  (safeId: string) =>
  (state: AppState): MemberSummary | undefined =>
    state.memberSummaries[safeId];

/** Members counted against the limit, from the freshest source. */
export const selectSafeUsage =
  (safe: TeamSafe) =>
  (state: AppState): { count: number; limit: number } => {
    const summary = state.memberSummaries[safe.id];
    return { count: summary?.counts.all ?? safe.memberCount, limit: summary?.memberLimit ?? safe.memberLimit };
  };
