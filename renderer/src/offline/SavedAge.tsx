import { useTranslation } from 'react-i18next';
import { useRelativeAge } from './age.ts';

/** "saved 2 minutes ago" under a safe's name offline; it ticks. */
export function SavedAge({ syncedAt }: { syncedAt: string }) {
  const { t } = useTranslation();
  const relative = useRelativeAge(syncedAt);
  return (
    <span className="safe-picker__age" data-testid="safe-age">
      {t('offline.syncedAgo', { relative })}
    </span>
  );
}
