/**
 * CSV exports: one at a time. Main writes the file (the native save dialog
 * in the app, a download in the preview); the renderer sends what to export
 * and shows the progress main pushes, and can cancel.
 */
import type { AppErrorShape } from '../../../shared/errors.ts';
import type { ExportProgress, ExportResult, ExportSubject } from '../../../shared/ipc/activity.ts';
import { call } from '../bridge.ts';
import { attempt } from './requests.ts';
import type { SliceCreator } from './types.ts';

export interface ExportJob {
  exportId: string;
  rows: number;
  total: number | null;
  /** `running` until main answers; then what came of it. */
  state: 'running' | 'done' | 'cancelled' | 'failed';
  result: ExportResult | null;
  error: AppErrorShape | null;
}

export interface ExportsSlice {
  exportJob: ExportJob | null;
  startExport(subject: ExportSubject, machineHeaders: boolean): Promise<void>;
  cancelExport(): Promise<void>;
  /** Main wrote another chunk. */
  applyExportProgress(progress: ExportProgress): void;
  clearExport(): void;
}

function newExportId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The preview has no save dialog: the browser downloads what main wrote. */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export const createExportsSlice: SliceCreator<ExportsSlice> = (set, get) => ({
  exportJob: null,
  async startExport(subject, machineHeaders) {
    if (get().exportJob?.state === 'running') return;
    const exportId = newExportId();
    set({ exportJob: { exportId, rows: 0, total: null, state: 'running', result: null, error: null } });
    const result = await attempt(get, () => call('export:start', { exportId, subject, machineHeaders }));
    if (get().exportJob?.exportId !== exportId) return;
    if (!result.ok) {
      set((state) => ({ exportJob: state.exportJob && { ...state.exportJob, state: 'failed', error: result.error } }));
      return;
    }
    const value = result.value;
    if (value.outcome === 'download') download(value.url, value.fileName);
    set((state) => ({
      exportJob: state.exportJob && {
        ...state.exportJob,
        state: value.outcome === 'cancelled' ? 'cancelled' : 'done',
        result: value,
        ...(value.outcome === 'cancelled' ? {} : { rows: value.rows }),
      },
    }));
  },
  async cancelExport() {
    const job = get().exportJob;
    if (job?.state !== 'running') return;
    await attempt(get, () => call('export:cancel', { exportId: job.exportId }));
  },
  applyExportProgress(progress) {
    set((state) =>
      state.exportJob?.exportId === progress.exportId && state.exportJob.state === 'running'
        ? { exportJob: { ...state.exportJob, rows: progress.rows, total: progress.total } }
        : {},
    );
  },
  clearExport() {
    if (get().exportJob?.state !== 'running') set({ exportJob: null });
  },
});
