import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import { useRelativeAge } from './age.ts';
import { detach } from '../detach.ts';
import './offline.css';

/** The visible sentence every control disabled offline points to (`aria-describedby`). */
export const OFFLINE_REASON_ID = 'offline-reason';

/**
 * Offline: which data is shown and how old it is (the age ticks), or
 * plainly that nothing was saved yet. Back online: what changed meanwhile,
 * once. Notices about the offline copy (discarded, not writable) are said too.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const { sync, syncing, syncNow, acknowledge } = useAppStore(
    useShallow((state) => ({
      sync: state.sync,
      syncing: state.syncing,
      syncNow: state.syncNow,
      acknowledge: state.acknowledgeSync,
    })),
  );
  const when = sync?.mode === 'offline' ? sync.lastSyncedAt : null;
  const relative = useRelativeAge(when);
  if (!sync) return null;
  const banners = [];
  if (sync.mode === 'offline') {
    banners.push(
      <div key="offline" className="offline-banner" role="status" data-testid="offline-banner">
        <strong>{t('offline.title')}</strong>
        <span>
          {when ? t('offline.showing', { relative, absolute: format.dateTime(when) }) : t('offline.nothingCached')}
        </span>
        <span className="offline-banner__hint" id={OFFLINE_REASON_ID}>
          {t('offline.readOnly')}
        </span>
        <button type="button" className="button button--small" onClick={() => detach(syncNow())} disabled={syncing}>
          {syncing ? t('offline.retrying') : t('offline.retry')}
        </button>
      </div>,
    );
  }
  if (sync.report.length > 0) {
    banners.push(
      <div key="report" className="sync-report" role="status" data-testid="sync-report">
        <strong>{t('offline.backOnline')}</strong>
        <ul>
          {sync.report.map((report) => (
            <li key={report.safeId}>
              {t('offline.report', {
                safe: report.safeName,
                joined: t('offline.joined', { count: report.joined }),
                removed: t('offline.removed', { count: report.removed }),
                changed: t('offline.changed', { count: report.changed }),
              })}
            </li>
          ))}
        </ul>
        <button type="button" className="button button--quiet button--small" onClick={() => detach(acknowledge())}>
          {t('app.dismiss')}
        </button>
      </div>,
    );
  }
  if (sync.notice === 'cache_write_failed') {
    // Not dismissable: it goes by itself once the copy could be written again.
    banners.push(
      <div key="notice" className="notice notice--warning" role="alert" data-testid="cache-notice">
        <span>{t('offline.writeFailed')}</span>
      </div>,
    );
  } else if (sync.notice === 'cache_discarded') {
    banners.push(
      <div key="notice" className="notice notice--warning" role="alert" data-testid="cache-notice">
        <span>{t('offline.discarded')}</span>
        <button type="button" className="button button--quiet button--small" onClick={() => detach(acknowledge())}>
          {t('app.dismiss')}
        </button>
      </div>,
    );
  }
  return <>{banners}</>;
}

/** Whether changes are possible now: offline, what a disabled control says (see also `OFFLINE_REASON_ID`). */
export function useOfflineReason(): string | null {
  const { t } = useTranslation();
  const offline = useAppStore((state) => state.sync?.mode === 'offline');
  return offline ? t('errors.offline') : null;
}

const NOTHING_TO_SHOW = new Set(['cache_unavailable', 'server_unreachable', 'server_timeout']);

/** Offline with nothing saved to show: the rail says so plainly instead of "could not be loaded". */
export function useNothingSavedOffline(): boolean {
  return useAppStore(
    (state) =>
      state.sync?.mode === 'offline' &&
      state.safes.length === 0 &&
      state.safesLoad.status === 'failed' &&
      NOTHING_TO_SHOW.has(state.safesLoad.error?.code ?? ''),
  );
}
