/** The change feeds of the desktop app's offline cache (server/sync.ts reads them). */
import type { HandlerDeps, HandlerMap } from '../http.ts';
import { readGroupChanges, readMemberChanges } from '../sync.ts';

export type SyncRouteName = 'listMemberChanges' | 'listGroupChanges';

export function syncHandlers(deps: HandlerDeps): HandlerMap<SyncRouteName> {
  const { db } = deps;
  return {
    listMemberChanges({ query, safe }) {
      return readMemberChanges(db, safe.id, query);
    },

    listGroupChanges({ query, user }) {
      return readGroupChanges(db, user.org_id, query);
    },
  };
}
