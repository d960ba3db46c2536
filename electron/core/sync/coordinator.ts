/**
 * One sync of everything (the safe list, each administered safe, the
 * security groups), and the catch-up after a change. Each ends in exactly
 * one `sync:changed` push that says what changed. While offline a full
 * sync is also the reconnection probe; coming back, it reports what
 * changed meanwhile.
 */
import { AppError } from '../../../shared/errors.ts';
import type { ChangeReport, SafeUpdate } from '../../../shared/ipc/contract.ts';
import type { Logger } from '../log.ts';
import type { SessionService } from '../session.ts';
import { isNetworkError, type Connectivity } from './connectivity.ts';
import type { AuditSync } from './audit-sync.ts';
import type { OfflineCopies } from './copies.ts';
import type { GroupSync } from './group-sync.ts';
import type { MemberSync } from './member-sync.ts';
import type { ReadRouter } from './reads.ts';
import type { SyncOutcome } from './scheduler.ts';
import type { SyncStatusService } from './status.ts';

/** Failures that mean "try again later" (backoff), not "this safe is broken". */
function isTransient(error: unknown): boolean {
  return (
    isNetworkError(error) ||
    (error instanceof AppError && (error.code === 'rate_limited' || error.code === 'server_error'))
  );
}

/** The access to the safe is gone (demoted, removed, or the safe deleted). */
function isAccessLost(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found');
}

function outcomeOf(error: unknown): SyncOutcome {
  const seconds = error instanceof AppError ? error.retryAfterSeconds : undefined;
  return { ok: false, retryAfterMs: seconds === undefined ? null : seconds * 1000 };
}

const codeOf = (error: unknown) => (error instanceof AppError ? error.code : 'failed');

export interface CoordinatorDeps {
  session: SessionService;
  copies: OfflineCopies;
  connectivity: Connectivity;
  reads: ReadRouter;
  memberSync: MemberSync;
  groupSync: GroupSync;
  /** Each safe's activity in the offline copy (after its members). */
  auditSync: AuditSync;
  status: SyncStatusService;
  log: Logger;
}

export class SyncCoordinator {
  readonly #deps: CoordinatorDeps;
  #running: Promise<SyncOutcome> | null = null;

  constructor(deps: CoordinatorDeps) {
    this.#deps = deps;
  }

  /** Sync everything; concurrent calls share one run. */
  syncAll(): Promise<SyncOutcome> {
    this.#running ??= this.#syncAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #syncAll(): Promise<SyncOutcome> {
    const { session, connectivity, reads, memberSync, groupSync, auditSync, status, log } = this.#deps;
    if (!session.account) return { ok: true };
    const wasOffline = connectivity.mode === 'offline';
    const updates: SafeUpdate[] = [];
    let outcome: SyncOutcome = { ok: true };
    let listChanged = false;
    try {
      const { list, changed } = await reads.listOnline();
      listChanged = changed;
      const reports: ChangeReport[] = [];
      for (const safe of list.items) {
        try {
          const result = await memberSync.syncSafe(safe.id);
          if (!result) continue;
          if (result.changed) updates.push(result.update);
          const { joined, removed, changed: altered } = result.report;
          if (joined + removed + altered > 0) reports.push(result.report);
          await auditSync.syncSafe(safe.id);
        } catch (error) {
          if (isTransient(error)) throw error;
          // One safe failing (e.g. access lost since the list) does not stop the others.
          log.warn(`sync of a safe: ${codeOf(error)}`);
        }
      }
      await auditSync.keepOnly(list.items.map((safe) => safe.id));
      try {
        await groupSync.sync();
      } catch (error) {
        if (isTransient(error)) throw error;
        log.warn(`sync of the security groups: ${codeOf(error)}`);
      }
      if (wasOffline) status.setReport(reports);
      status.noteSynced();
    } catch (error) {
      connectivity.noteFailure(error);
      if (!isNetworkError(error)) log.warn(`sync: ${codeOf(error)}`);
      outcome = outcomeOf(error);
    }
    await status.publish({ safeList: listChanged, safes: updates });
    return outcome;
  }

  /** Bring one safe's copy up to date now (a test or the bench asks); publishes what changed. */
  async syncSafe(safeId: string): Promise<ChangeReport | null> {
    const result = await this.#deps.memberSync.syncSafe(safeId);
    if (result?.changed) await this.#deps.status.publish({ safes: [result.update] });
    return result?.report ?? null;
  }

  /**
   * After a change to a safe: its copy catches up, and one push tells the
   * renderer the safe as it is now (counts, archive qualification), so it
   * re-reads that safe's members and nothing else.
   */
  async afterChange(safeId: string): Promise<void> {
    const { memberSync, copies, connectivity, status } = this.#deps;
    try {
      const result = await memberSync.syncSafe(safeId);
      await this.#deps.auditSync.syncSafe(safeId).catch((error: unknown) => {
        this.#deps.log.warn(`sync of a safe's activity: ${codeOf(error)}`);
      });
      await status.publish({ safes: [result?.update ?? (await this.#updateFromServer(safeId))] });
    } catch (error) {
      connectivity.noteFailure(error);
      if (isAccessLost(error)) {
        // E.g. the admin demoted themselves: the safe leaves the list, and its copy goes.
        memberSync.forget(safeId);
        await copies.current()?.dropSafe(safeId);
        await status.publish({ safeList: true, safes: [{ safeId }] });
      } else {
        await status.publish({ safes: [{ safeId }] });
      }
    }
  }

  /** Without an offline copy: the safe's figures and archive qualification in two small reads. */
  async #updateFromServer(safeId: string): Promise<SafeUpdate> {
    const { session } = this.#deps;
    const [feed, first] = await Promise.all([
      session.call('listMemberChanges', { params: { safeId }, query: { limit: 1 } }),
      session.call('listMembers', { params: { safeId }, query: { status: 'all', sort: 'role', dir: 'asc', limit: 1 } }),
    ]);
    // Roles sort in catalogue order with Archivist last: if the first is one, all are.
    return { safeId, safe: feed.safe, digitalArchive: first.items[0]?.role === 'archivist' };
  }

  /** After a change to the security groups: their copy catches up. */
  async afterGroupChange(): Promise<void> {
    await this.#deps.groupSync.sync().catch((error: unknown) => this.#deps.connectivity.noteFailure(error));
  }
}
