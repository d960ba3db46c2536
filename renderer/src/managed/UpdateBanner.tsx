import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { detach } from '../detach.ts';
import './managed.css';

/**
 * A new version: "available" (mode notify: the admin or IT installs it) or
 * "ready" (mode auto: downloaded, restart to install). "Later" hides it for
 * this version until the next start.
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const { update, dismissed, restart, dismiss } = useAppStore(
    useShallow((state) => ({
      update: state.update,
      dismissed: state.updateDismissed,
      restart: state.restartToUpdate,
      dismiss: state.dismissUpdate,
    })),
  );
  if (!update || (update.state !== 'available' && update.state !== 'ready')) return null;
  if (dismissed === `${update.state}:${update.availableVersion ?? ''}`) return null;
  const version = update.availableVersion ?? '';
  return (
    <div className="update-banner" role="status" data-testid="update-banner" data-state={update.state}>
      <span className="update-banner__text">
        {update.state === 'ready' ? t('updates.bannerReady', { version }) : t('updates.banner', { version })}
      </span>
      {update.state === 'ready' ? (
        <button type="button" className="button button--primary button--small" onClick={() => detach(restart())}>
          {t('updates.restart')}
        </button>
      ) : null}
      <button type="button" className="button button--quiet button--small" onClick={dismiss}>
        {t('updates.later')}
      </button>
    </div>
  );
}
