import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { errorText } from '../app/ErrorText.tsx';
import './forms.css';

/**
 * Why a form could not be sent. The one convention for errors about a form
 * as a whole (a field's own problem shows at the field): a live region that
 * is always there, so the message is announced when it appears, and a
 * visible box only while there is something to say.
 */
export function FormAlert({
  error,
  text,
  heading,
  testId,
}: {
  error?: AppErrorShape | null;
  /** Instead of an error's translation (e.g. "check the marked fields"). */
  text?: string;
  /** A short lead-in before the error's own sentence. */
  heading?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const message = text ?? (error ? errorText(t, error) : '');
  return (
    <div className="form-alert-region" role="alert">
      {message ? (
        <p className="form-alert" data-testid={testId}>
          {heading ? <strong>{heading}</strong> : null} {message}
        </p>
      ) : null}
    </div>
  );
}
