import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { ErrorText } from './ErrorText.tsx';

/** A failed language save: the switch still applies to this window. */
export function SettingsNotice() {
  const { t } = useTranslation();
  const { error, dismiss } = useAppStore(
    useShallow((state) => ({ error: state.settingsError, dismiss: state.dismissSettingsError })),
  );
  if (!error) return null;
  return (
    <div className="notice notice--warning" role="alert">
      <span>
        {t('app.settingsFailed')} <ErrorText error={error} />
      </span>
      <button type="button" className="button button--quiet button--small" onClick={dismiss}>
        {t('app.dismiss')}
      </button>
    </div>
  );
}
