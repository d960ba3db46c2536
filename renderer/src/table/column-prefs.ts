/**
 * The admin's column choices (widths, hidden columns), remembered per user
 * and server in the renderer's `localStorage`: non-secret UI state that
 * belongs to this window, like a scroll position, so it does not travel
 * through main. One entry per user holds every table's choices.
 */
import { NO_PREFS, parsePrefs, type ColumnPrefs } from './columns.ts';

/** The tables that remember columns; the id is part of what is stored. */
export type TableId = 'members' | 'groupMembers' | 'permissionMatrix';

const KEY_PREFIX = 'teamSafeAdmin.columns.v1';

/** The storage key of one user on one server. */
export function prefsKey(serverUrl: string, userId: string): string {
  return `${KEY_PREFIX}:${serverUrl}:${userId}`;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface ColumnPrefsStore {
  get(owner: string, table: TableId): ColumnPrefs;
  set(owner: string, table: TableId, prefs: ColumnPrefs): void;
  subscribe(listener: () => void): () => void;
}

/**
 * Reads each user's entry once, then answers from memory (the same object
 * until it changes, as `useSyncExternalStore` needs). A malformed or foreign
 * entry is read as no choices; a storage that refuses writes (quota, private
 * mode) only loses the memory across restarts.
 */
export function createColumnPrefsStore(storage: KeyValueStorage | null): ColumnPrefsStore {
  const loaded = new Map<string, Partial<Record<TableId, ColumnPrefs>>>();
  const listeners = new Set<() => void>();

  function entry(owner: string): Partial<Record<TableId, ColumnPrefs>> {
    let tables = loaded.get(owner);
    if (tables) return tables;
    tables = {};
    try {
      const raw: unknown = JSON.parse(storage?.getItem(owner) ?? '{}');
      if (typeof raw === 'object' && raw !== null) {
        for (const [table, prefs] of Object.entries(raw)) tables[table as TableId] = parsePrefs(prefs);
      }
    } catch {
      // Unreadable: start from no choices.
    }
    loaded.set(owner, tables);
    return tables;
  }

  return {
    get(owner, table) {
      return entry(owner)[table] ?? NO_PREFS;
    },
    set(owner, table, prefs) {
      const tables = { ...entry(owner), [table]: prefs };
      loaded.set(owner, tables);
      try {
        storage?.setItem(owner, JSON.stringify(tables));
      } catch {
        // Kept for this window only.
      }
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
