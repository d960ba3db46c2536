/**
 * The invite wizard's state machine: the answers, the step, each field's
 * problem, the check for an existing member, the submission (one request id
 * per content, so a retry never invites twice), and where focus goes when a
 * step is shown. No markup here: the steps render what it returns.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InvitationResult } from '../../../shared/api/members.ts';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { useAppStore } from '../store/index.ts';
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
  type WizardStep,
} from './draft.ts';
import { detach } from '../detach.ts';

const INPUT_STEPS: readonly WizardStep[] = ['person', 'role', 'language', 'code'];
const FIELD_ORDER: readonly DraftField[] = ['name', 'email', 'role', 'language', 'codeDelivery', 'country', 'number'];

export type WizardIds = ReturnType<typeof wizardIds>;

function wizardIds(baseId: string) {
  return {
    base: baseId,
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
}

export function useWizard(safe: TeamSafe, onClose: () => void) {
  const ids = wizardIds(useId());
  const { uiLanguage, appLocale, loadAppInfo, findMemberByEmail, inviteMember, allowedCountries } = useAppStore(
    useShallow((state) => ({
      uiLanguage: state.language,
      appLocale: state.appLocale,
      loadAppInfo: state.loadAppInfo,
      findMemberByEmail: state.findMemberByEmail,
      inviteMember: state.inviteMember,
      allowedCountries: state.settings?.smsCountries ?? null,
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
    detach(loadAppInfo());
  }, [loadAppInfo]);

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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- moves focus once per new step, not on every render of it
  }, [step]);

  const clear = (fields: readonly DraftField[]) => {
    setErrors((current) => {
      if (!fields.some((name) => current[name])) return current;
      const next = { ...current };
      for (const name of fields) delete next[name];
      return next;
    });
    setSubmitError(null);
  };

  /** Sets one answer and clears the problems it may have fixed. */
  const update = <K extends keyof Draft>(
    key: K,
    value: Draft[K],
    clears: readonly DraftField[] = [key as DraftField],
  ) => {
    setDraft((current) => ({ ...current, [key]: value }));
    clear(clears);
  };

  /** A new country: the number is formatted for it, and both fields start over. */
  const setCountry = (code: CountryCode) => {
    setDraft((current) => ({ ...current, country: code, number: formatAsTyped(code, current.number) }));
    clear(['country', 'number']);
  };

  /** Leaving the number field: a typed number is checked at once. */
  const checkNumber = () => {
    if (draft.number.trim() === '' || !country) return;
    const problems = validateStep('code', draft, country);
    if (problems.number) setErrors((current) => ({ ...current, number: problems.number }));
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

  /** Enter or Next: the step's answers are checked, then the next step (or the invitation is sent). */
  const next = async (event: FormEvent<HTMLFormElement>) => {
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
    const following = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) + 1];
    if (following) goTo(following);
  };

  const back = () => {
    const previous = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) - 1];
    if (previous && !busy) goTo(previous);
  };

  /** Close, Cancel, Esc: asks before answers are thrown away; never while the invitation is on its way. */
  const requestClose = () => {
    if (step === 'done') onClose();
    else if (submitting) return;
    else if (isDirty(draft, initial)) setConfirmDiscard(true);
    else onClose();
  };

  return {
    ids,
    draft,
    step,
    stepIndex: WIZARD_STEPS.indexOf(step),
    errors,
    country,
    allowedCountries,
    checking,
    submitting,
    busy,
    submitError,
    result,
    confirmDiscard,
    refs: { stepRef, submitRef, closeRef },
    update,
    setCountry,
    checkNumber,
    goTo,
    next,
    back,
    requestClose,
    keepEditing: () => setConfirmDiscard(false),
  };
}

export type Wizard = ReturnType<typeof useWizard>;
