/**
 * Adding pasted e-mail addresses to a security group, for real or as a dry
 * run. Both runs decide every entry with the same function,
 * `planBulkAdd`, which only reads; the real run then adds the entries the
 * plan says to add, in the same transaction, so nothing can change between
 * deciding and doing. A dry run writes nothing at all.
 *
 * - Refused (400, nothing applied): an empty list, more than BULK_LIMIT entries.
 * - A real run is one transaction: either every entry's outcome is committed
 *   and reported, or (on an unexpected failure) nothing is and the answer is
 *   a 500. Entries that are invalid, duplicate, unknown or already members
 *   never undo the ones that were added.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { BulkEntryResult } from '../shared/api/groups.ts';
import { BULK_LIMIT, parseBulkEntries } from '../shared/bulk.ts';
import { queryOne, transaction } from './db.ts';
import {
  GROUP_SQL,
  addMemberInTransaction,
  memberCount,
  type GroupRow,
  type MembershipActor,
  type OrgUserRow,
} from './groups.ts';
import { HttpError } from './http.ts';

export interface BulkAddOutcome {
  results: BulkEntryResult[];
  added: number;
  memberCount: number;
  dryRun: boolean;
}

interface PlannedEntry {
  result: BulkEntryResult;
  /** The user to add, for entries the plan adds. */
  add?: OrgUserRow;
}

/** What a bulk add would do with each entry; reads only. Throws 400 for an empty or too long list. */
export function planBulkAdd(db: DatabaseSync, group: GroupRow, text: string): PlannedEntry[] {
  const parsed = parseBulkEntries(text);
  if (parsed.count === 0) {
    throw new HttpError(400, 'no_entries', 'The list holds no entries: paste e-mail addresses separated by commas.');
  }
  if (parsed.overLimit) {
    throw new HttpError(
      400,
      'too_many_entries',
      `The list holds ${parsed.count} entries; at most ${BULK_LIMIT} can be added at once. Nothing was added.`,
    );
  }
  return parsed.entries.map((entry) => {
    const result: BulkEntryResult = { entry: entry.raw, outcome: 'invalid' };
    if (entry.email !== undefined) result.email = entry.email;
    if (entry.status === 'duplicate') return { result: { ...result, outcome: 'duplicate' } };
    if (entry.status !== 'valid' || entry.email === undefined) return { result };
    const user = queryOne<OrgUserRow>(db, GROUP_SQL.userByEmail, group.org_id, entry.email);
    if (!user) return { result: { ...result, outcome: 'unknown_user' } };
    const known = { ...result, userId: user.id, name: user.name };
    if (queryOne(db, GROUP_SQL.membership, group.id, user.id))
      return { result: { ...known, outcome: 'already_member' } };
    return { result: { ...known, outcome: 'would_add' }, add: user };
  });
}

/**
 * A bulk add from pasted text. `dryRun`: the plan, nothing written. Otherwise
 * the plan carried out; `remember` is called inside the transaction with the
 * outcome (to keep an idempotent answer with it).
 */
export function bulkAddGroupMembers(
  db: DatabaseSync,
  group: GroupRow,
  text: string,
  actor: MembershipActor,
  options: { dryRun?: boolean; remember?: (outcome: BulkAddOutcome) => void } = {},
): BulkAddOutcome {
  if (options.dryRun) {
    const results = planBulkAdd(db, group, text).map((planned) => planned.result);
    return { results, added: 0, memberCount: memberCount(db, group.id), dryRun: true };
  }
  return transaction(db, () => {
    let added = 0;
    const results = planBulkAdd(db, group, text).map(({ result, add }) => {
      if (!add) return result;
      const outcome = addMemberInTransaction(db, group, add, { ...actor, via: 'bulk' });
      if (!outcome.added) return { ...result, outcome: 'already_member' as const };
      added++;
      return { ...result, outcome: 'added' as const };
    });
    const outcome = { results, added, memberCount: memberCount(db, group.id), dryRun: false };
    options.remember?.(outcome);
    return outcome;
  });
}
