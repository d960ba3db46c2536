/** The safes a user administers, and a page of a safe's members (server/team-safes.ts holds the queries). */
import type { HandlerDeps, HandlerMap } from '../http.ts';
import { administeredSafes, memberPage } from '../team-safes.ts';

export type TeamSafeRouteName = 'listTeamSafes' | 'listMembers';

export function teamSafeHandlers(deps: HandlerDeps): HandlerMap<TeamSafeRouteName> {
  const { db } = deps;
  return {
    listTeamSafes({ user }) {
      return { items: administeredSafes(db, user.id) };
    },

    listMembers({ query, safe }) {
      return memberPage(db, safe, query);
    },
  };
}
