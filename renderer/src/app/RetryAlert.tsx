import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { ErrorText } from './ErrorText.tsx';

/** A load that failed: what could not be loaded, why, and a button to ask again. */
export function RetryAlert({
  message,
  error,
  onRetry,
}: {
  message: string;
  error: AppErrorShape;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="inline-error" role="alert">
      <p>
        {message} <ErrorText error={error} />
      </p>
      <button type="button" className="button button--secondary button--small" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
