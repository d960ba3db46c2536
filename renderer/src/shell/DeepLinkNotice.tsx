import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { errorText } from '../app/ErrorText.tsx';
import { useAppStore } from '../store/index.ts';

/** Says what a deep link opened (or why it could not), until dismissed. */
export function DeepLinkNotice({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  const { target, clear } = useAppStore(
    useShallow((state) => ({ target: state.deepLinkTarget, clear: state.clearDeepLink })),
  );
  if (!target) return null;
  let text: string | null = null;
  let warning = true;
  if (target.problem === 'safeMissing') text = t('shell.deepLink.safeMissing');
  else if (safe?.id !== target.safeId) return null;
  else if (target.problem === 'memberMissing') text = t('shell.deepLink.memberMissing', { safe: safe.name });
  else if (target.error) text = errorText(t, target.error);
  else if (target.memberName) {
    text = t('shell.deepLink.opened', { name: target.memberName });
    warning = false;
  }
  if (!text) return null;
  return (
    <div
      className={`notice ${warning ? 'notice--warning' : 'notice--success'}`}
      role={warning ? 'alert' : 'status'}
      data-testid="deep-link-notice"
    >
      <span>{text}</span>
      <button type="button" className="button button--quiet button--small" onClick={clear}>
        {t('app.dismiss')}
      </button>
    </div>
  );
}
