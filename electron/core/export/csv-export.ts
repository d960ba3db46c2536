/**
 * CSV export of what the admin sees (members under the filter, search and
 * order; a group's members; the users × permissions matrix; a safe's
 * activity), written in main so that 100 000 rows never cross IPC or sit
 * in the renderer: rows are read page by page through the same reads the
 * views use (the offline copy answers them offline), turned into chunks by
 * `shared/csv` (RFC 4180, BOM, formula injection neutralised, headers in the
 * UI language or as machine names), written to the file chunk by chunk,
 * yielding to the event loop between chunks, with a progress push after
 * each and a cancel that stops at the next chunk and removes the file.
 *
 * Where the file goes: the desktop's chooser (the native save dialog in the
 * app); without one (the browser preview, tests) a private folder of the
 * app, from which the preview host lets the browser download it once.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AUDIT_PAGE_MAX, type AuditEntry } from '../../../shared/api/audit.ts';
import {
  PAGE_MAX,
  type GroupMember,
  type GroupMemberPage,
  type PermissionCatalogue,
} from '../../../shared/api/groups.ts';
import type { PermissionMatrix } from '../../../shared/api/groups.ts';
import type { ParsedRequest } from '../../../shared/ipc/contract.ts';
import { MEMBER_PAGE_MAX, type Member, type MemberPage } from '../../../shared/api/schemas.ts';
import {
  AUDIT_EXPORT_COLUMNS,
  GROUP_MEMBER_EXPORT_COLUMNS,
  MEMBER_EXPORT_COLUMNS,
  csvChunksAsync,
  matrixExportColumns,
  type CsvColumn,
  type CsvWriteOptions,
  type MatrixRow,
} from '../../../shared/csv/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  ActivityPage,
  ExportProgress,
  ExportRequest,
  ExportResult,
  ExportSubject,
} from '../../../shared/ipc/activity.ts';
import type { Language } from '../../../shared/languages.ts';
import type { MemberQuery } from '../cache/member-index.ts';
import type { Logger } from '../log.ts';

/** Records per chunk: one write, one progress push, one yield. */
export const EXPORT_CHUNK_ROWS = 1000;

/** The native save dialog: the path chosen, or null when the admin closed it. */
export type ChooseExportFile = (suggestedName: string) => Promise<string | null>;

/** Where each kind of row comes from: the views' own reads. */
export interface ExportSources {
  members(safeId: string, query: MemberQuery): Promise<MemberPage>;
  groupMembers(
    groupId: string,
    query: { q?: string | undefined; offset: number; limit: number },
  ): Promise<GroupMemberPage>;
  matrix(query: {
    q?: string | undefined;
    permission?: ParsedRequest<'permissions:matrix'>['permission'];
    offset: number;
    limit: number;
  }): Promise<PermissionMatrix>;
  catalogue(): Promise<PermissionCatalogue>;
  activity(filters: ExportSubject & { kind: 'activity' } & { cursor?: string; limit: number }): Promise<ActivityPage>;
}

export interface CsvExportDeps {
  sources: ExportSources;
  language: () => Language;
  /** The native save dialog; absent: written to `downloadsDir` for the preview host to hand over. */
  chooseFile?: ChooseExportFile | undefined;
  downloadsDir: string;
  progress: (progress: ExportProgress) => void;
  log: Logger;
  now: () => number;
}

/** Columns and rows of one kind, paired so the row type holds up to the writer. */
interface Table {
  chunks(options: CsvWriteOptions, onRow: () => void): AsyncIterable<string>;
}

function table<Row>(columns: readonly CsvColumn<Row>[], rows: AsyncIterable<Row>): Table {
  return { chunks: (options, onRow) => csvChunksAsync(columns, counted(rows, onRow), options) };
}

/** Pages of `limit` rows by offset, until `total` is reached or a page comes back short. */
async function* byOffset<Row>(
  limit: number,
  read: (offset: number) => Promise<{ items: Row[]; total: number }>,
  onTotal: (total: number) => void,
): AsyncGenerator<Row> {
  for (let offset = 0; ;) {
    const page = await read(offset);
    onTotal(page.total);
    yield* page.items;
    offset += page.items.length;
    if (page.items.length < limit || offset >= page.total) return;
  }
}

const stem: Record<ExportSubject['kind'], string> = {
  members: 'members',
  groupMembers: 'group-members',
  matrix: 'permissions',
  activity: 'activity',
};

export class CsvExports {
  readonly #deps: CsvExportDeps;
  readonly #cancelled = new Set<string>();
  readonly #running = new Set<string>();
  readonly #downloads = new Map<string, { path: string; fileName: string }>();

  constructor(deps: CsvExportDeps) {
    this.#deps = deps;
  }

  /** Stop an export under way at its next chunk (nothing stays on disk). */
  cancel(exportId: string): void {
    if (this.#running.has(exportId)) this.#cancelled.add(exportId);
  }

  /** The preview host hands a written file over once: its path and name, or null. */
  takeDownload(token: string): { path: string; fileName: string } | null {
    const download = this.#downloads.get(token) ?? null;
    this.#downloads.delete(token);
    return download;
  }

  /** Sign-out: files not downloaded yet go (they hold personal data), and every export under way stops. */
  async forget(): Promise<void> {
    for (const exportId of this.#running) this.#cancelled.add(exportId);
    this.#downloads.clear();
    await rm(this.#deps.downloadsDir, { recursive: true, force: true });
  }

  async run(request: ExportRequest): Promise<ExportResult> {
    const { exportId, subject } = request;
    if (this.#running.has(exportId)) throw new AppError('invalid_payload', 'export id in use');
    const fileName = this.#fileName(subject);
    let path: string;
    let token: string | null = null;
    if (this.#deps.chooseFile) {
      const chosen = await this.#deps.chooseFile(fileName);
      if (!chosen) return { outcome: 'cancelled' };
      path = chosen;
    } else {
      token = randomBytes(24).toString('base64url');
      await mkdir(this.#deps.downloadsDir, { recursive: true, mode: 0o700 });
      path = join(this.#deps.downloadsDir, `${token}.csv`);
    }
    this.#running.add(exportId);
    try {
      const rows = await this.#write(exportId, subject, request.machineHeaders, path);
      if (rows === null) return { outcome: 'cancelled' };
      if (token === null) return { outcome: 'saved', rows, fileName: basename(path) };
      this.#downloads.set(token, { path, fileName });
      return { outcome: 'download', rows, fileName, url: `/__preview/download/${token}` };
    } finally {
      this.#running.delete(exportId);
      this.#cancelled.delete(exportId);
    }
  }

  /** The rows written, or null when cancelled (the file is removed then, and on failure). */
  async #write(exportId: string, subject: ExportSubject, machine: boolean, path: string): Promise<number | null> {
    let total: number | null = null;
    const source = await this.#table(subject, (known) => {
      total = known;
    });
    const file = await open(path, 'w', 0o600);
    let rows = 0;
    let done = false;
    try {
      const options = { language: this.#deps.language(), machine, chunkRows: EXPORT_CHUNK_ROWS };
      const chunks = source.chunks(options, () => rows++);
      for await (const chunk of chunks) {
        if (this.#cancelled.has(exportId)) return null;
        await file.write(chunk, null, 'utf8');
        this.#deps.progress({ exportId, rows, total });
        // Let other IPC calls and pushes through between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (this.#cancelled.has(exportId)) return null;
      done = true;
      return rows;
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.#deps.log.warn(
        `export: the file could not be written (${(error as NodeJS.ErrnoException).code ?? 'failed'})`,
      );
      throw new AppError('export_failed', 'the export file could not be written');
    } finally {
      await file.close();
      if (!done) await rm(path, { force: true });
    }
  }

  async #table(subject: ExportSubject, onTotal: (total: number) => void): Promise<Table> {
    const { sources } = this.#deps;
    switch (subject.kind) {
      case 'members': {
        const { safeId, kind: _kind, ...query } = subject;
        const rows = byOffset<Member>(
          MEMBER_PAGE_MAX,
          (offset) => sources.members(safeId, { ...query, offset, limit: MEMBER_PAGE_MAX }),
          onTotal,
        );
        return table(MEMBER_EXPORT_COLUMNS, rows);
      }
      case 'groupMembers': {
        const { groupId, q } = subject;
        const rows = byOffset<GroupMember>(
          PAGE_MAX,
          (offset) => sources.groupMembers(groupId, { q, offset, limit: PAGE_MAX }),
          onTotal,
        );
        return table(GROUP_MEMBER_EXPORT_COLUMNS, rows);
      }
      case 'matrix': {
        const { q, permission } = subject;
        const [first, catalogue] = await Promise.all([
          sources.matrix({ q, permission, offset: 0, limit: PAGE_MAX }),
          sources.catalogue(),
        ]);
        onTotal(first.total);
        const rows = (async function* () {
          yield* first.items;
          let offset = first.items.length;
          while (offset < first.total) {
            const page = await sources.matrix({ q, permission, offset, limit: PAGE_MAX });
            if (page.items.length === 0) return;
            yield* page.items;
            offset += page.items.length;
          }
        })();
        const columns = matrixExportColumns(first.permissions, catalogue.items);
        return table<MatrixRow>(columns, rows);
      }
      case 'activity': {
        const rows = (async function* () {
          let cursor: string | null | undefined;
          do {
            const page = await sources.activity({ ...subject, limit: AUDIT_PAGE_MAX, ...(cursor ? { cursor } : {}) });
            yield* page.items;
            cursor = page.nextCursor;
          } while (cursor);
        })();
        return table<AuditEntry>(AUDIT_EXPORT_COLUMNS, rows);
      }
    }
  }

  #fileName(subject: ExportSubject): string {
    const day = new Date(this.#deps.now()).toISOString().slice(0, 10);
    const of = 'safeId' in subject ? subject.safeId : 'groupId' in subject ? subject.groupId : '';
    const slug = of.replace(/[^A-Za-z0-9_-]+/g, '-');
    return `${stem[subject.kind]}${slug ? `-${slug}` : ''}-${day}.csv`;
  }
}

async function* counted<Row>(rows: AsyncIterable<Row>, count: () => void): AsyncGenerator<Row> {
  for await (const row of rows) {
    count();
    yield row;
  }
}
