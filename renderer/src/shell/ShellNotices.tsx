import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';

/** One-time notices from main (settings set aside, window restarted), each shown until dismissed. */
export function ShellNotices() {
  const { t } = useTranslation();
  const { notices, dismiss } = useAppStore(
    useShallow((state) => ({ notices: state.notices, dismiss: state.dismissNotice })),
  );
  return (
    <>
      {notices.map((notice) => (
        <div key={notice} className="notice notice--warning" role="alert" data-testid={`notice-${notice}`}>
          <span>{t(`shell.notices.${notice}`)}</span>
          <button type="button" className="button button--quiet button--small" onClick={() => dismiss(notice)}>
            {t('app.dismiss')}
          </button>
        </div>
      ))}
    </>
  );
}
