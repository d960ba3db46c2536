import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { FieldErrorCode } from '../../../shared/errors.ts';
import { SignInRequest, fieldErrors } from '../../../shared/validation.ts';
import { useAppStore } from '../store/index.ts';
import { LanguageSelect } from '../app/LanguageSelect.tsx';
import { SettingsNotice } from '../app/Notice.tsx';
import { errorText, fieldErrorText } from '../app/ErrorText.tsx';
import { BrandMark } from '../app/BrandMark.tsx';
import { TextField } from '../forms/Field.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { BusyButton } from '../forms/DialogFooter.tsx';
import { HelpMenu } from '../shell/HelpMenu.tsx';
import { ShellNotices } from '../shell/ShellNotices.tsx';
import { detach } from '../detach.ts';
import './sign-in.css';

type FieldName = 'serverUrl' | 'email' | 'password';
const FIELD_ORDER: readonly FieldName[] = ['serverUrl', 'email', 'password'];

export function SignInScreen() {
  const { t } = useTranslation();
  const baseId = useId();
  const { session, pending, error, signIn, serverControl } = useAppStore(
    useShallow((state) => ({
      session: state.session,
      pending: state.signInState.pending,
      error: state.signInState.error,
      signIn: state.signIn,
      serverControl: state.settings?.controls.serverUrl,
    })),
  );
  // A server address locked by the organisation is the one used, whatever was typed before the lock arrived.
  const lockedServer = serverControl?.kind === 'locked' ? serverControl.value : null;
  const [values, setValues] = useState<Record<FieldName, string>>(() => ({
    serverUrl: session?.serverUrl ?? '',
    email: session?.status === 'signedOut' ? (session.email ?? '') : '',
    password: '',
  }));
  // Checked here first for quick feedback; main validates again.
  const [localErrors, setLocalErrors] = useState<Partial<Record<FieldName, FieldErrorCode>>>({});
  // A field edited since the last attempt no longer shows main's verdict on it.
  const [edited, setEdited] = useState<ReadonlySet<FieldName>>(new Set());
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});

  const fieldError = (field: FieldName): string | undefined => {
    const code = localErrors[field] ?? (edited.has(field) ? undefined : error?.fields?.[field]);
    return code ? fieldErrorText(t, code) : undefined;
  };

  const focusFirstInvalid = (fields: Partial<Record<string, unknown>>): boolean => {
    const first = FIELD_ORDER.find((field) => fields[field] !== undefined);
    if (!first) return false;
    inputs.current[first]?.focus();
    return true;
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const attempt = lockedServer === null ? values : { ...values, serverUrl: lockedServer };
    const parsed = SignInRequest.safeParse(attempt);
    setEdited(new Set());
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error) as Partial<Record<FieldName, FieldErrorCode>>;
      setLocalErrors(fields);
      focusFirstInvalid(fields);
      return;
    }
    setLocalErrors({});
    const signedIn = await signIn(attempt);
    if (signedIn) return;
    const failure = useAppStore.getState().signInState.error;
    if (failure?.fields && focusFirstInvalid(failure.fields)) return;
    if (failure?.code === 'invalid_credentials') {
      inputs.current.password?.focus();
      inputs.current.password?.select();
    }
  };

  const hasLocalErrors = Object.keys(localErrors).length > 0;
  const alertText = hasLocalErrors ? t('errors.invalid_payload') : error ? errorText(t, error) : '';

  const field = (name: FieldName, type: string, autoComplete: string, placeholder?: string) => (
    <TextField
      id={`${baseId}-${name}`}
      name={name}
      label={t(`signIn.${name}`)}
      type={type}
      autoComplete={autoComplete}
      autoCapitalize="off"
      placeholder={placeholder}
      value={name === 'serverUrl' && lockedServer !== null ? lockedServer : values[name]}
      error={fieldError(name)}
      readOnly={pending || (name === 'serverUrl' && lockedServer !== null)}
      control={name === 'serverUrl' ? serverControl : undefined}
      inputRef={(element) => {
        inputs.current[name] = element;
      }}
      onChange={(value) => {
        setValues((current) => ({ ...current, [name]: value }));
        setLocalErrors(({ [name]: _removed, ...rest }) => rest);
        setEdited((current) => new Set(current).add(name));
      }}
    />
  );

  return (
    <div className="sign-in">
      <div className="sign-in__language">
        <HelpMenu />
        <LanguageSelect />
      </div>
      <main className="sign-in__card card">
        <div className="sign-in__brand">
          <BrandMark />
          <span className="sign-in__product">{t('app.title')}</span>
        </div>
        <h1 className="sign-in__title">{t('signIn.heading')}</h1>
        <p className="sign-in__intro muted">{t('signIn.intro')}</p>
        <SettingsNotice />
        <ShellNotices />
        <form className="sign-in__form" noValidate onSubmit={(event) => detach(onSubmit(event))} aria-busy={pending}>
          {field('serverUrl', 'url', 'url', t('signIn.serverUrlPlaceholder'))}
          {field('email', 'email', 'username', t('signIn.emailPlaceholder'))}
          {field('password', 'password', 'current-password')}
          <FormAlert text={alertText} />
          <BusyButton
            label={t('signIn.submit')}
            busyLabel={t('signIn.submitting')}
            busy={pending}
            className="button--block"
          />
          <div className="visually-hidden" role="status">
            {pending ? t('signIn.submitting') : ''}
          </div>
        </form>
      </main>
    </div>
  );
}
