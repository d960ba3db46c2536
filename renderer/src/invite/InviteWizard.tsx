import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { InvitationResult } from '../../../shared/api/members.ts';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { LANGUAGES, type Language } from '../../../shared/languages.ts';
import {
  exampleMobileNumber,
  formatInternational,
  getCountryCallingCode,
  validateMobileNumber,
} from '../../../shared/phone.ts';
import { useAppStore } from '../store/index.ts';
import { Modal } from '../app/Modal.tsx';
import { errorText, fieldErrorText } from '../app/ErrorText.tsx';
import { CountryPicker } from './CountryPicker.tsx';
import { countryOptions } from './countries.ts';
import { useFormat } from '../format/useFormat.ts';
import { RoleOptions } from './RoleOptions.tsx';
import { SecurityCodeResult } from './SecurityCodeResult.tsx';
import {
  WIZARD_STEPS,
  emptyDraft,
  firstStepWith,
  formatAsTyped,
  invitationSignature,
  isDirty,
  problemsFromError,
  suggestedCountry,
  toInvitation,
  validateStep,
  type Draft,
  type DraftErrors,
  type DraftField,
  type Problem,
  type WizardStep,
} from './draft.ts';
import './invite.css';
import { CheckIcon, CloseIcon } from '../app/icons.tsx';

const INPUT_STEPS: readonly WizardStep[] = ['person', 'role', 'language', 'code'];

/**
 * Invite someone into a team safe: Person → Role → Language → Security code
 * → Review → Done. Each step is a form (Enter goes on), validated before
 * Next; Back keeps every answer; Esc asks before throwing answers away.
 */
export function InviteWizard({ safe, onClose }: { safe: TeamSafe; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const baseId = useId();
  const ids = {
    title: `${baseId}-title`,
    name: `${baseId}-name`,
    email: `${baseId}-email`,
    role: `${baseId}-role`,
    language: `${baseId}-language`,
    delivery: `${baseId}-delivery`,
    country: `${baseId}-country`,
    number: `${baseId}-number`,
    discardTitle: `${baseId}-discard-title`,
    discardBody: `${baseId}-discard-body`,
  };
  const { uiLanguage, appLocale, loadAppInfo, findMemberByEmail, inviteMember } = useAppStore(
    useShallow((state) => ({
      uiLanguage: state.language,
      appLocale: state.appLocale,
      loadAppInfo: state.loadAppInfo,
      findMemberByEmail: state.findMemberByEmail,
      inviteMember: state.inviteMember,
    })),
  );
  const [initial] = useState(() => emptyDraft(uiLanguage));
  const [draft, setDraft] = useState<Draft>(initial);
  const [step, setStep] = useState<WizardStep>('person');
  const [errors, setErrors] = useState<DraftErrors>({});
  const [checking, setChecking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<AppErrorShape | null>(null);
  const [result, setResult] = useState<InvitationResult | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  /** One key per submission; a retry of the same content reuses it, so it never invites twice. */
  const attempt = useRef<{ requestId: string; signature: string } | null>(null);
  const stepRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  /** Where focus goes once the next step is on screen. */
  const pendingFocus = useRef<DraftField | 'step'>('step');
  const inFlight = useRef(false);

  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);

  const allowedCountries = useAppStore((state) => state.settings?.smsCountries ?? null);
  const suggested = useMemo(() => {
    const guess = suggestedCountry([
      appLocale,
      typeof navigator === 'undefined' ? undefined : navigator.language,
      uiLanguage,
    ]);
    // Where the organisation allows only some countries, the suggestion is one of them.
    if (!allowedCountries || (guess && allowedCountries.includes(guess))) return guess;
    return (allowedCountries[0] as CountryCode | undefined) ?? null;
  }, [appLocale, uiLanguage, allowedCountries]);
  const country = draft.country ?? suggested;
  const busy = checking || submitting;

  const focusField = (fieldName: DraftField | 'step') => {
    const root = stepRef.current;
    if (!root) return;
    let target: HTMLElement | null = null;
    if (fieldName === 'role' || fieldName === 'language' || fieldName === 'codeDelivery') {
      const group = document.getElementById(ids[fieldName === 'codeDelivery' ? 'delivery' : fieldName]);
      target = group?.querySelector<HTMLElement>('input:checked') ?? group?.querySelector<HTMLElement>('input') ?? null;
    } else if (fieldName !== 'step') {
      target = document.getElementById(ids[fieldName]);
    } else if (step === 'review') {
      // Everything is on screen to read; Enter sends it.
      target = submitRef.current;
    }
    target ??=
      root.querySelector<HTMLElement>('input:checked') ??
      root.querySelector<HTMLElement>('input, button, select, [tabindex="0"]') ??
      (step === 'done' ? closeRef.current : null);
    target?.focus();
  };

  // After a step is shown: its first field, or the one with a problem.
  useLayoutEffect(() => {
    focusField(pendingFocus.current);
    pendingFocus.current = 'step';
    // Runs for each new step only.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- moves focus once per new step, not on every render of it
  }, [step]);

  const update = <K extends keyof Draft>(
    key: K,
    value: Draft[K],
    clears: readonly DraftField[] = [key as DraftField],
  ) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      if (!clears.some((name) => current[name])) return current;
      const next = { ...current };
      for (const name of clears) delete next[name];
      return next;
    });
    setSubmitError(null);
  };

  const goTo = (next: WizardStep, focus: DraftField | 'step' = 'step') => {
    pendingFocus.current = focus;
    setStep(next);
    if (next === step) focusField(focus);
  };

  const show = (problems: DraftErrors) => {
    setErrors((current) => ({ ...current, ...problems }));
    const where = firstStepWith(problems);
    const first = (Object.keys(problems) as DraftField[]).sort(
      (a, b) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b),
    )[0];
    if (where) goTo(where, first ?? 'step');
  };

  const onNext = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A ref, not state: a second Enter before the next render must not send twice.
    if (busy || inFlight.current) return;
    if (step === 'review') {
      await submit();
      return;
    }
    const problems = validateStep(step, draft, country);
    if (step === 'person' && !problems.email) {
      setChecking(true);
      const existing = await findMemberByEmail(safe.id, draft.email);
      setChecking(false);
      if (existing) problems.email = { kind: 'error', error: { code: 'already_member', message: '' } };
    }
    if (Object.keys(problems).length > 0) {
      show(problems);
      return;
    }
    const next = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) + 1];
    if (next) goTo(next);
  };

  const onBack = () => {
    const previous = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) - 1];
    if (previous && !busy) goTo(previous);
  };

  const submit = async () => {
    for (const each of INPUT_STEPS) {
      const problems = validateStep(each, draft, country);
      if (Object.keys(problems).length > 0) {
        show(problems);
        return;
      }
    }
    const invitation = toInvitation(draft, country);
    const signature = invitationSignature(invitation);
    if (attempt.current?.signature !== signature) attempt.current = { requestId: crypto.randomUUID(), signature };
    setSubmitting(true);
    setSubmitError(null);
    inFlight.current = true;
    const outcome = await inviteMember(safe.id, attempt.current.requestId, invitation);
    inFlight.current = false;
    setSubmitting(false);
    if (outcome.ok) {
      attempt.current = null;
      setResult(outcome.value);
      goTo('done');
      return;
    }
    const problems = problemsFromError(outcome.error);
    if (problems) show(problems);
    else setSubmitError(outcome.error);
  };

  const requestClose = () => {
    if (step === 'done') onClose();
    else if (submitting) return;
    else if (isDirty(draft, initial)) setConfirmDiscard(true);
    else onClose();
  };

  const problemText = (problem: Problem | undefined): string | undefined => {
    if (!problem) return undefined;
    return problem.kind === 'field' ? fieldErrorText(t, problem.code) : errorText(t, problem.error);
  };

  const person = draft.name.trim() || t('invite.person.fallbackName');
  const stepIndex = WIZARD_STEPS.indexOf(step);

  let body: ReactNode;
  switch (step) {
    case 'person':
      body = (
        <>
          <p className="wizard__intro">{t('invite.person.intro')}</p>
          <TextField
            id={ids.name}
            label={t('invite.person.name')}
            value={draft.name}
            onChange={(value) => update('name', value)}
            error={problemText(errors.name)}
            autoComplete="off"
          />
          <TextField
            id={ids.email}
            label={t('invite.person.email')}
            type="email"
            placeholder={t('invite.person.emailPlaceholder')}
            value={draft.email}
            onChange={(value) => update('email', value)}
            error={problemText(errors.email)}
            autoComplete="off"
          />
        </>
      );
      break;
    case 'role':
      body = (
        <>
          <p className="wizard__intro" id={`${ids.role}-label`}>
            {t('invite.role.intro', { name: person })}
          </p>
          <div id={ids.role}>
            <RoleOptions
              name={`${baseId}-role-choice`}
              value={draft.role}
              onChange={(role) => update('role', role)}
              labelledBy={`${ids.role}-label`}
              describedBy={errors.role ? `${ids.role}-error` : undefined}
              invalid={errors.role !== undefined}
            />
          </div>
          {errors.role ? (
            <p className="field__error" id={`${ids.role}-error`}>
              {t('invite.role.required')}
            </p>
          ) : null}
        </>
      );
      break;
    case 'language':
      body = (
        <>
          <p className="wizard__intro" id={`${ids.language}-label`}>
            {t('invite.language.intro', { name: person })}
          </p>
          <div
            className="choice-list choice-list--grid"
            role="radiogroup"
            aria-labelledby={`${ids.language}-label`}
            id={ids.language}
          >
            {LANGUAGES.map((language) => (
              <Choice
                key={language}
                name={`${baseId}-language-choice`}
                id={`${ids.language}-${language}`}
                checked={draft.language === language}
                onChange={() => update('language', language as Language)}
                title={t(`language.names.${language}`)}
                detail={
                  language === i18n.language ? undefined : (
                    <span lang={language}>{t(`language.names.${language}`, { lng: language })}</span>
                  )
                }
              />
            ))}
          </div>
        </>
      );
      break;
    case 'code':
      body = (
        <CodeStep
          ids={ids}
          baseId={baseId}
          draft={draft}
          person={person}
          country={country}
          allowedCountries={allowedCountries}
          errors={errors}
          problemText={problemText}
          onDelivery={(delivery) => update('codeDelivery', delivery, ['codeDelivery', 'country', 'number'])}
          onCountry={(code) => {
            setDraft((current) => ({ ...current, country: code, number: formatAsTyped(code, current.number) }));
            setErrors((current) => {
              const next = { ...current };
              delete next.country;
              delete next.number;
              return next;
            });
            setSubmitError(null);
          }}
          onNumber={(value) => update('number', value)}
          onNumberBlur={() => {
            if (draft.number.trim() === '' || !country) return;
            const problems = validateStep('code', draft, country);
            if (problems.number) setErrors((current) => ({ ...current, number: problems.number }));
          }}
        />
      );
      break;
    case 'review':
      body = <ReviewStep draft={draft} country={country} submitError={submitError} onEdit={(target) => goTo(target)} />;
      break;
    case 'done':
      body = result ? <SecurityCodeResult result={result} name={result.member.name} /> : null;
      break;
  }

  return (
    <Modal labelledBy={ids.title} onEscape={requestClose} className="wizard" testId="invite-wizard">
      <div className="modal__header">
        <h2 className="modal__title" id={ids.title}>
          {t('invite.title', { safe: safe.name })}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('invite.close')}
          onClick={requestClose}
          disabled={submitting}
        >
          <CloseIcon />
        </button>
      </div>
      <ol className="wizard-steps" aria-label={t('invite.steps.label')}>
        {WIZARD_STEPS.map((each, index) => {
          const state = index < stepIndex || step === 'done' ? 'done' : index === stepIndex ? 'current' : 'todo';
          return (
            <li
              key={each}
              className={`wizard-steps__item is-${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <span className="wizard-steps__marker" aria-hidden="true">
                {state === 'done' ? <CheckIcon /> : index + 1}
              </span>
              <span className="wizard-steps__label">{t(`invite.steps.${each}`)}</span>
              {state === 'done' ? <span className="visually-hidden">{t('invite.steps.completed')}</span> : null}
            </li>
          );
        })}
      </ol>
      <form
        className="wizard__form"
        noValidate
        onSubmit={(event) => void onNext(event)}
        aria-labelledby={`${ids.title}-step`}
      >
        <div className="modal__body wizard__body" ref={stepRef} data-step={step} data-testid={`invite-step-${step}`}>
          <h3
            className={`wizard__step-title${step === 'done' ? ' wizard__step-title--done' : ''}`}
            id={`${ids.title}-step`}
          >
            <span className="visually-hidden">
              {t('invite.steps.progress', { current: stepIndex + 1, count: WIZARD_STEPS.length })}:{' '}
            </span>
            {step === 'done' && result ? (
              <>
                <span className="wizard__done-icon" aria-hidden="true" />
                {t('invite.done.title', { name: result.member.name })}
              </>
            ) : (
              t(`invite.steps.${step}`)
            )}
          </h3>
          {body}
        </div>
        <div className="modal__footer">
          {step === 'done' ? (
            <button ref={closeRef} type="button" className="button button--primary" onClick={onClose}>
              {t('invite.actions.close')}
            </button>
          ) : (
            <>
              <button
                type="button"
                className="button button--quiet modal__footer-start"
                onClick={requestClose}
                disabled={submitting}
              >
                {t('invite.actions.cancel')}
              </button>
              {stepIndex > 0 ? (
                <button type="button" className="button button--secondary" onClick={onBack} disabled={busy}>
                  {t('invite.actions.back')}
                </button>
              ) : null}
              <button
                ref={submitRef}
                type="submit"
                className="button button--primary"
                aria-disabled={busy || undefined}
                data-testid="invite-next"
              >
                {busy ? <span className="spinner spinner--on-accent" aria-hidden="true" /> : null}
                {step === 'review'
                  ? submitting
                    ? t('invite.actions.inviting')
                    : submitError
                      ? t('invite.actions.retry')
                      : t('invite.actions.invite')
                  : checking
                    ? t('invite.actions.checking')
                    : t('invite.actions.next')}
              </button>
            </>
          )}
        </div>
      </form>
      {confirmDiscard ? (
        <Modal
          labelledBy={ids.discardTitle}
          describedBy={ids.discardBody}
          role="alertdialog"
          onEscape={() => setConfirmDiscard(false)}
          className="modal--small"
          testId="invite-discard"
        >
          <div className="modal__header">
            <h2 className="modal__title" id={ids.discardTitle}>
              {t('invite.discard.title')}
            </h2>
          </div>
          <div className="modal__body">
            <p id={ids.discardBody}>{t('invite.discard.body')}</p>
          </div>
          <div className="modal__footer">
            <button type="button" className="button button--secondary" onClick={() => setConfirmDiscard(false)}>
              {t('invite.discard.keep')}
            </button>
            <button type="button" className="button button--danger" onClick={onClose}>
              {t('invite.discard.confirm')}
            </button>
          </div>
        </Modal>
      ) : null}
    </Modal>
  );
}

const FIELD_ORDER: readonly DraftField[] = ['name', 'email', 'role', 'language', 'codeDelivery', 'country', 'number'];

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string, input: HTMLInputElement) => void;
  error: string | undefined;
  type?: string;
  placeholder?: string;
  autoComplete?: string;
  hint?: ReactNode;
  onBlur?: () => void;
  inputMode?: 'tel' | 'email' | 'text';
  testId?: string;
}

function TextField({
  id,
  label,
  value,
  onChange,
  error,
  type = 'text',
  placeholder,
  autoComplete,
  hint,
  onBlur,
  inputMode,
  testId,
}: TextFieldProps) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.currentTarget.value, event.currentTarget)}
        onBlur={onBlur}
        data-testid={testId}
      />
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint && !error ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

interface ChoiceProps {
  name: string;
  id: string;
  checked: boolean;
  onChange: () => void;
  title: string;
  detail?: ReactNode;
}

function Choice({ name, id, checked, onChange, title, detail }: ChoiceProps) {
  return (
    <label className={`choice${checked ? ' is-checked' : ''}`}>
      <input
        type="radio"
        className="choice__input"
        name={name}
        checked={checked}
        onChange={onChange}
        aria-labelledby={`${id}-title`}
        aria-describedby={detail ? `${id}-detail` : undefined}
      />
      <span className="choice__body">
        <span className="choice__title" id={`${id}-title`}>
          {title}
        </span>
        {detail ? (
          <span className="choice__detail" id={`${id}-detail`}>
            {detail}
          </span>
        ) : null}
      </span>
    </label>
  );
}

interface CodeStepProps {
  ids: Record<'delivery' | 'country' | 'number', string>;
  baseId: string;
  draft: Draft;
  person: string;
  country: Draft['country'];
  /** Policy `SmsCountries`; null: any country. */
  allowedCountries: readonly string[] | null;
  errors: DraftErrors;
  problemText: (problem: Problem | undefined) => string | undefined;
  onDelivery: (delivery: Draft['codeDelivery']) => void;
  onCountry: (country: NonNullable<Draft['country']>) => void;
  onNumber: (value: string) => void;
  onNumberBlur: () => void;
}

function CodeStep({
  ids,
  baseId,
  draft,
  person,
  country,
  allowedCountries,
  errors,
  problemText,
  onDelivery,
  onCountry,
  onNumber,
  onNumberBlur,
}: CodeStepProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const countryLabel = (code: string) =>
    countryOptions(i18n.language).find((option) => option.country === code)?.name ?? code;
  const countryName = country ? countryLabel(country) : '';
  const valid = country && draft.number.trim() ? validateMobileNumber(country, draft.number) : null;
  const countryError = errors.country ? t('invite.code.countryRequired') : undefined;
  const numberError = problemText(errors.number);
  const example = country ? exampleMobileNumber(country) : null;
  return (
    <>
      <p className="wizard__intro" id={`${ids.delivery}-label`}>
        {t('invite.code.intro', { name: person })}
      </p>
      <div className="choice-list" role="radiogroup" aria-labelledby={`${ids.delivery}-label`} id={ids.delivery}>
        <Choice
          name={`${baseId}-delivery-choice`}
          id={`${ids.delivery}-display`}
          checked={draft.codeDelivery === 'display'}
          onChange={() => onDelivery('display')}
          title={t('invite.code.display')}
          detail={t('invite.code.displayHint')}
        />
        <Choice
          name={`${baseId}-delivery-choice`}
          id={`${ids.delivery}-sms`}
          checked={draft.codeDelivery === 'sms'}
          onChange={() => onDelivery('sms')}
          title={t('invite.code.sms')}
          detail={t('invite.code.smsHint', { name: person })}
        />
      </div>
      {draft.codeDelivery === 'sms' ? (
        <div className="sms-fields">
          <div className={`field${countryError ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={ids.country}>
              {t('invite.code.country')}
            </label>
            <CountryPicker
              id={ids.country}
              value={country}
              onChange={onCountry}
              invalid={countryError !== undefined}
              describedBy={
                [countryError ? `${ids.country}-error` : null, allowedCountries ? `${ids.country}-managed` : null]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              allowed={allowedCountries}
            />
            {allowedCountries ? (
              <p className="field__hint managed-mark" id={`${ids.country}-managed`} data-testid="sms-countries-limited">
                {t('managed.smsLimited', {
                  countries: format.list(
                    allowedCountries.map((code) => countryLabel(code)).sort(new Intl.Collator(format.locale).compare),
                  ),
                })}
              </p>
            ) : null}
            {countryError ? (
              <p className="field__error" id={`${ids.country}-error`}>
                {countryError}
              </p>
            ) : null}
          </div>
          <TextField
            id={ids.number}
            label={t('invite.code.number')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder={example ? t('invite.code.numberExample', { example }) : undefined}
            value={draft.number}
            onChange={(value, input) => {
              // Formatted while typing at the end; edits in the middle stay as typed.
              const atEnd = input.selectionStart === value.length;
              const grew = value.length > draft.number.length;
              onNumber(atEnd && grew ? formatAsTyped(country, value) : value);
            }}
            onBlur={onNumberBlur}
            error={numberError}
            testId="mobile-number"
            hint={
              valid?.ok
                ? t('invite.code.willSend', { number: formatInternational(valid.e164) })
                : country
                  ? t('invite.code.numberHint', { country: countryName, callingCode: getCountryCallingCode(country) })
                  : undefined
            }
          />
        </div>
      ) : null}
    </>
  );
}

function ReviewStep({
  draft,
  country,
  submitError,
  onEdit,
}: {
  draft: Draft;
  country: Draft['country'];
  submitError: AppErrorShape | null;
  onEdit: (step: WizardStep) => void;
}) {
  const { t } = useTranslation();
  const mobile = draft.codeDelivery === 'sms' && country ? validateMobileNumber(country, draft.number) : null;
  const rows: { key: string; label: string; value: ReactNode; step: WizardStep }[] = [
    { key: 'name', label: t('invite.person.name'), value: draft.name.trim(), step: 'person' },
    { key: 'email', label: t('invite.person.email'), value: draft.email.trim(), step: 'person' },
    { key: 'role', label: t('invite.steps.role'), value: draft.role ? t(`roles.${draft.role}`) : '', step: 'role' },
    {
      key: 'language',
      label: t('invite.steps.language'),
      value: t(`language.names.${draft.language}`),
      step: 'language',
    },
    {
      key: 'code',
      label: t('invite.steps.code'),
      value:
        draft.codeDelivery === 'sms'
          ? t('invite.review.sms', { number: mobile?.ok ? formatInternational(mobile.e164) : draft.number })
          : t('invite.review.display'),
      step: 'code',
    },
  ];
  return (
    <>
      <p className="wizard__intro">{t('invite.review.intro')}</p>
      <dl className="review-list" data-testid="invite-review">
        {rows.map((row) => (
          <div key={row.key} className="review-list__row">
            <dt>{row.label}</dt>
            <dd data-field={row.key}>{row.value}</dd>
            <dd className="review-list__edit">
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={t('invite.review.editLabel', { field: row.label })}
                onClick={() => onEdit(row.step)}
              >
                {t('invite.review.edit')}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      {submitError ? (
        <div className="form-alert" role="alert" data-testid="invite-error">
          <strong>{t('invite.review.failed')}</strong> {errorText(t, submitError)}
        </div>
      ) : null}
    </>
  );
}
