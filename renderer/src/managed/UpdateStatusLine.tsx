import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { UpdateStatus } from '../../../shared/updates.ts';
import type { TFunction } from 'i18next';
import { useAppStore } from '../store/index.ts';
import { detach } from '../detach.ts';
import './managed.css';

/** "Version 1.2.0 is available." and the like, in the UI language. */
export function updateStateText(status: UpdateStatus, t: TFunction): string {
  const version = status.availableVersion ?? status.currentVersion;
  if (status.state === 'error') {
    return t('updates.state.error', { reason: t(`updates.errors.${status.error ?? 'unknown'}`) });
  }
  return t(`updates.state.${status.state}`, { version });
}

/** Who decided the update mode, in words. */
export function updateReasonText(status: UpdateStatus, t: TFunction): string {
  return t(`updates.reason.${status.reason}`, { mode: t(`updates.mode.${status.mode}`) });
}

/** The settings dialog's update line: the state, who decided the mode, and what the user can do. */
export function UpdateStatusLine() {
  const { t } = useTranslation();
  const { update, check, restart } = useAppStore(
    useShallow((state) => ({ update: state.update, check: state.checkForUpdate, restart: state.restartToUpdate })),
  );
  if (!update) return null;
  return (
    <div className="settings-row" data-testid="update-status" data-state={update.state}>
      <div className="update-line">
        <p className="update-line__state">{updateStateText(update, t)}</p>
        <p className="settings-hint">{updateReasonText(update, t)}</p>
      </div>
      {update.state === 'ready' ? (
        <button type="button" className="button button--primary button--small" onClick={() => detach(restart())}>
          {t('updates.restart')}
        </button>
      ) : update.mode !== 'off' ? (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={update.state === 'checking' || update.state === 'downloading'}
          onClick={() => detach(check())}
        >
          {t('updates.checkNow')}
        </button>
      ) : null}
    </div>
  );
}
