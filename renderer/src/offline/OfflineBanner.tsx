import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import './offline.css';

/**
 * Offline: which data is shown and how old it is. Back online: what changed
 * meanwhile, once. A discarded (damaged) offline copy is said too.
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
  if (!sync) return null;
  const banners = [];
  if (sync.mode === 'offline') {
    const when = sync.lastSyncedAt;
    banners.push(
      <div key="offline" className="offline-banner" role="status" data-testid="offline-banner">
        <strong>{t('offline.title')}</strong>
        <span>
          {when
            ? t('offline.showing', { relative: format.relative(when), absolute: format.dateTime(when) })
            : t('offline.nothingCached')}
        </span>
        <span className="offline-banner__hint">{t('offline.readOnly')}</span>
        <button type="button" className="button button--small" onClick={() => void syncNow()} disabled={syncing}>
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
        <button type="button" className="button button--quiet button--small" onClick={() => void acknowledge()}>
          {t('app.dismiss')}
        </button>
      </div>,
    );
  }
  if (sync.notice === 'cache_discarded') {
    banners.push(
      <div key="notice" className="notice notice--warning" role="alert">
        <span>{t('offline.discarded')}</span>
        <button type="button" className="button button--quiet button--small" onClick={() => void acknowledge()}>
          {t('app.dismiss')}
        </button>
      </div>,
    );
  }
  return <>{banners}</>;
}

/** Whether changes are possible now; `reason` is what a disabled control says. */
export function useOfflineReason(): string | null {
  const { t } = useTranslation();
  const offline = useAppStore((state) => state.sync?.mode === 'offline');
  return offline ? t('errors.offline') : null;
}
