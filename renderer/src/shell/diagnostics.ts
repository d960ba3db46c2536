/**
 * What the About view shows and "Copy diagnostics" puts on the clipboard:
 * versions, the server, the signed-in user, the formats in use, where the
 * logs are. Built from what the renderer knows, which never includes a
 * token, a password or a security code.
 */
import type { TFunction } from 'i18next';
import type { AppInfo, SessionState, SyncStatus } from '../../../shared/ipc/contract.ts';
import type { Format } from '../format/locale.ts';

export interface DiagnosticsRow {
  key: string;
  label: string;
  value: string;
}

export interface DiagnosticsSource {
  info: AppInfo | null;
  session: SessionState | null;
  sync: SyncStatus | null;
  /** The browser's user agent (the Chromium version in the preview). */
  userAgent: string;
}

function browserChromium(userAgent: string): string | null {
  return /Chrom(?:e|ium)\/([\d.]+)/.exec(userAgent)?.[1] ?? null;
}

export function diagnosticsRows(source: DiagnosticsSource, t: TFunction, format: Format): DiagnosticsRow[] {
  const { info, session, sync } = source;
  const electron = info?.versions.electron ?? null;
  const rows: DiagnosticsRow[] = [
    { key: 'version', label: t('about.version'), value: info?.version ?? '—' },
    { key: 'electron', label: t('about.electron'), value: electron ?? t('about.notElectron') },
    {
      key: 'chromium',
      label: t('about.chromium'),
      value: info?.versions.chrome ?? browserChromium(source.userAgent) ?? '—',
    },
    { key: 'node', label: t('about.node'), value: info?.versions.node ?? '—' },
    { key: 'platform', label: t('about.platform'), value: info?.platform ?? '—' },
    { key: 'locale', label: t('about.locale'), value: format.locale },
    { key: 'server', label: t('about.server'), value: session?.serverUrl || '—' },
    {
      key: 'user',
      label: t('about.user'),
      value: session?.status === 'signedIn' ? `${session.user.name} <${session.user.email}>` : t('about.notSignedIn'),
    },
    {
      key: 'lastSynced',
      label: t('about.lastSynced'),
      value: sync?.lastSyncedAt ? format.dateTime(sync.lastSyncedAt) : t('about.never'),
    },
    { key: 'logs', label: t('about.logs'), value: info?.logsFolder ?? t('about.noLogs') },
  ];
  return rows;
}

/** Plain text for a support ticket: a title line, `label: value` lines, then any further lines (the policies). */
export function diagnosticsText(title: string, rows: readonly DiagnosticsRow[], more: readonly string[] = []): string {
  return [title, ...rows.map((row) => `${row.label}: ${row.value}`), ...more].join('\n') + '\n';
}
