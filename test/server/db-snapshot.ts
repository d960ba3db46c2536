/**
 * Every row of every table of a database (sqlite_sequence included), in a
 * stable order: two equal snapshots mean nothing was written in between.
 * For the "a dry run writes nothing" tests.
 */
import type { DatabaseSync } from 'node:sqlite';

export function databaseSnapshot(db: DatabaseSync): Record<string, unknown[]> {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
      (row) => `"${row.name}"`,
    );
    snapshot[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all();
  }
  return snapshot;
}

/** How many rows each table holds, for a readable failure message. */
export function rowCounts(snapshot: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}
