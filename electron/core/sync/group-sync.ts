/**
 * Brings the offline copy of the security groups up to date through the
 * organisation's group change feed (organisation administrators only; for
 * anyone else the copy is dropped). As for members, every page is fetched
 * before the copy is written.
 */
import { AppError } from '../../../shared/errors.ts';
import { GroupsReplica } from '../cache/groups-replica.ts';
import type { SessionService } from '../session.ts';
import type { OfflineCopies } from './copies.ts';

const CHANGES_PAGE = 2000;

export interface GroupSyncDeps {
  session: SessionService;
  copies: OfflineCopies;
  now: () => number;
}

export class GroupSync {
  readonly #deps: GroupSyncDeps;

  constructor(deps: GroupSyncDeps) {
    this.#deps = deps;
  }

  /** Returns whether the copy changed. */
  async sync(): Promise<boolean> {
    const cache = this.#deps.copies.current();
    if (!cache) return false;
    const { session } = this.#deps;
    const stored = await cache.groups();
    // Work on a copy: a connection lost halfway leaves the stored copy as it was.
    let replica = stored ? new GroupsReplica(structuredClone(stored.snapshot)) : null;
    let since = replica?.snapshot.cursor ?? '';
    let changed = false;
    for (;;) {
      let page;
      try {
        page = await session.call('listGroupChanges', { query: { since, limit: CHANGES_PAGE } });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'forbidden') throw error;
        // Not (or no longer) an organisation administrator: no copy of the groups to keep.
        if (stored) await cache.dropGroups();
        return stored !== null;
      }
      if (page.reset || !replica || page.groupsVersion !== replica.snapshot.groupsVersion) {
        if (page.reset) since = '';
        const [groups, catalogue] = await Promise.all([
          session.call('listSecurityGroups'),
          session.call('listPermissions'),
        ]);
        replica = new GroupsReplica({
          kind: 'groups',
          groups: groups.items,
          catalogue,
          memberships: page.reset || !replica ? [] : replica.snapshot.memberships,
          cursor: since,
          groupsVersion: page.groupsVersion,
          syncedAt: new Date(this.#deps.now()).toISOString(),
        });
        changed = true;
        if (page.reset) continue;
      }
      if (replica.apply(page.upserts, page.removed)) changed = true;
      since = page.cursor;
      if (!page.more) break;
    }
    if (replica.snapshot.cursor !== since) changed = true;
    replica.snapshot.cursor = since;
    replica.snapshot.syncedAt = new Date(this.#deps.now()).toISOString();
    await cache.saveGroups(replica);
    return changed;
  }
}
