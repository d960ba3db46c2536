/**
 * What the renderer is told about sync: online or offline, how old the data
 * shown is, what changed while offline, notices about the copy, and — with
 * each new `revision` — what that revision changed, so the renderer updates
 * those safes in place instead of re-reading everything. Every publish is
 * one `sync:changed` push.
 */
import type { SafeUpdate, SyncStatus } from '../../../shared/ipc/contract.ts';
import type { ChangeReport } from '../../../shared/ipc/contract.ts';
import type { Connectivity } from './connectivity.ts';
import type { OfflineCopies } from './copies.ts';
import type { ReadRouter } from './reads.ts';

export interface SyncStatusDeps {
  copies: OfflineCopies;
  connectivity: Connectivity;
  reads: ReadRouter;
  now: () => number;
  emit: (status: SyncStatus) => void;
}

export interface Changes {
  safeList?: boolean;
  safes?: SafeUpdate[];
}

export class SyncStatusService {
  readonly #deps: SyncStatusDeps;
  #revision = 0;
  #changed: SyncStatus['changed'] = { safeList: false, safes: [] };
  #report: ChangeReport[] = [];
  #lastSyncedAt: string | null = null;

  constructor(deps: SyncStatusDeps) {
    this.#deps = deps;
  }

  async status(): Promise<SyncStatus> {
    const { copies, connectivity, reads } = this.#deps;
    const cache = copies.current();
    const list = cache ? await cache.safeList().catch(() => null) : null;
    const shown = reads.shownCopies(list);
    const newest = shown.reduce<string | null>(
      (latest, entry) => (latest && latest > entry.syncedAt ? latest : entry.syncedAt),
      null,
    );
    const mode = connectivity.mode;
    return {
      mode,
      // Offline, the banner's age is the age of the data actually shown.
      lastSyncedAt: mode === 'offline' ? newest : (this.#lastSyncedAt ?? newest),
      safes: shown.map((entry) => ({ safeId: entry.safe.id, name: entry.safe.name, syncedAt: entry.syncedAt })),
      report: this.#report,
      revision: this.#revision,
      changed: this.#changed,
      notice: copies.notice(),
    };
  }

  /** A sync completed (whether or not it brought changes). */
  noteSynced(): void {
    this.#lastSyncedAt = new Date(this.#deps.now()).toISOString();
  }

  /** What changed while offline, shown once after reconnecting. */
  setReport(report: ChangeReport[]): void {
    this.#report = report;
  }

  /** Push the status; with changes, as a new revision. */
  async publish(changes: Changes = {}): Promise<SyncStatus> {
    const safes = changes.safes ?? [];
    if (changes.safeList || safes.length > 0) {
      this.#revision += 1;
      this.#changed = { safeList: changes.safeList ?? false, safes };
    }
    const status = await this.status();
    this.#deps.emit(status);
    return status;
  }

  /** The admin has read the report and the notice. */
  acknowledge(): void {
    this.#report = [];
    this.#deps.copies.acknowledge();
  }

  /** Signed out: nothing of that session is reported any more. */
  reset(): void {
    this.#report = [];
    this.#lastSyncedAt = null;
  }
}
