import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { BULK_LIMIT } from '../../../shared/bulk.ts';
import { ERROR_CODES, isFieldErrorCode, type AppErrorShape } from '../../../shared/errors.ts';

/** The translated sentence for an error code (`errors.<code>`); the English `message` is for logs only. */
export function errorText(t: TFunction, error: AppErrorShape): string {
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return t('errors.internal');
  const seconds = error.retryAfterSeconds ?? 0;
  return t(`errors.${error.code}`, { seconds, minutes: Math.ceil(seconds / 60), max: BULK_LIMIT });
}

export function fieldErrorText(t: TFunction, code: string): string {
  return isFieldErrorCode(code) ? t(`fieldErrors.${code}`) : t('fieldErrors.invalid_value');
}

export function ErrorText({ error }: { error: AppErrorShape }) {
  const { t } = useTranslation();
  return <>{errorText(t, error)}</>;
}
