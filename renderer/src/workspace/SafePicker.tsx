import { useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { SavedAge } from '../offline/SavedAge.tsx';
import { useNothingSavedOffline } from '../offline/OfflineBanner.tsx';
import { useAppStore } from '../store/index.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { detach } from '../detach.ts';
import '../styles/page.css';

/**
 * The team-safe list. One tab stop (roving tabindex); arrows, Home and End
 * move between safes, Enter or Space opens one. The open safe carries
 * `aria-current`.
 */
export function SafePicker() {
  const { t } = useTranslation();
  const headingId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const { safes, load, selectedSafeId, selectSafe, reload } = useAppStore(
    useShallow((state) => ({
      safes: state.safes,
      load: state.safesLoad,
      selectedSafeId: state.selectedSafeId,
      selectSafe: state.selectSafe,
      reload: state.loadSafes,
    })),
  );
  const tabStop = safes.some((safe) => safe.id === selectedSafeId) ? selectedSafeId : safes[0]?.id;

  // Offline: each safe says how old its saved copy is, or the rail says plainly that nothing was saved.
  const sync = useAppStore((state) => state.sync);
  const offlineAges =
    sync?.mode === 'offline' ? new Map(sync.safes.map((entry) => [entry.safeId, entry.syncedAt])) : null;
  const nothingSaved = useNothingSavedOffline();

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-safe-id]') ?? []);
    const current = buttons.findIndex((button) => button === document.activeElement);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(buttons.length - 1, current + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = buttons.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <nav className="side-rail safe-picker" aria-labelledby={headingId} data-testid="safe-picker">
      <h2 id={headingId} className="section-label">
        {t('safes.heading')}
      </h2>
      {nothingSaved ? (
        <p className="muted side-rail__status" data-testid="offline-nothing-saved">
          {t('offline.nothingSaved')}
        </p>
      ) : load.status === 'failed' && load.error ? (
        <RetryAlert message={t('safes.loadFailed')} error={load.error} onRetry={() => detach(reload())} />
      ) : null}
      {load.status === 'loading' && safes.length === 0 ? (
        <p className="muted side-rail__status" role="status">
          {t('app.loading')}
        </p>
      ) : null}
      {load.status === 'ready' && safes.length === 0 ? (
        <p className="muted side-rail__status">{t('safes.empty')}</p>
      ) : null}
      {safes.length > 0 ? (
        <ul className="side-rail__list" ref={listRef} onKeyDown={onKeyDown}>
          {safes.map((safe) => {
            const selected = safe.id === selectedSafeId;
            const full = safe.memberCount >= safe.memberLimit;
            return (
              <li key={safe.id}>
                <button
                  type="button"
                  className={`side-rail__item safe-picker__item${selected ? ' is-selected' : ''}`}
                  data-safe-id={safe.id}
                  aria-current={selected ? 'true' : undefined}
                  tabIndex={safe.id === tabStop ? 0 : -1}
                  onClick={() => selectSafe(safe.id)}
                >
                  <span className="safe-picker__name">{safe.name}</span>
                  <span className={`safe-picker__usage${full ? ' is-full' : ''}`} aria-hidden="true">
                    {t('safes.usage', { count: safe.memberCount, limit: safe.memberLimit })}
                  </span>{' '}
                  <span className="visually-hidden">
                    {t('safes.usageLabel', { count: safe.memberCount, limit: safe.memberLimit })}
                  </span>
                  {offlineAges?.has(safe.id) ? <SavedAge syncedAt={offlineAges.get(safe.id)!} /> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </nav>
  );
}
