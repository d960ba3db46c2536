/**
 * The invite wizard's answers, per-step validation with the shared schemas,
 * and where a server answer belongs in the wizard. No React here.
 */
import { PersonName, type CodeDelivery } from '../../../shared/api/members.ts';
import type { RoleKey } from '../../../shared/catalog/roles.ts';
import { isFieldErrorCode, type AppErrorShape, type ErrorCode, type FieldErrorCode } from '../../../shared/errors.ts';
import type { InvitationDraft } from '../../../shared/ipc/contract.ts';
import type { Language } from '../../../shared/languages.ts';
import { AsYouType, isCountryCode, validateMobileNumber, type CountryCode } from '../../../shared/phone.ts';
import { Email } from '../../../shared/validation.ts';

export const WIZARD_STEPS = ['person', 'role', 'language', 'code', 'review', 'done'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export interface Draft {
  name: string;
  email: string;
  role: RoleKey | null;
  language: Language;
  codeDelivery: CodeDelivery;
  /** Null while the suggested country (from the locale) applies. */
  country: CountryCode | null;
  number: string;
}

export type DraftField = 'name' | 'email' | 'role' | 'language' | 'codeDelivery' | 'country' | 'number';

/** A field's problem: a field error code (`fieldErrors.*`) or an error code (`errors.*`). */
export type Problem = { kind: 'field'; code: FieldErrorCode } | { kind: 'error'; error: AppErrorShape };
export type DraftErrors = Partial<Record<DraftField, Problem>>;

export const FIELD_STEP: Readonly<Record<DraftField, WizardStep>> = {
  name: 'person',
  email: 'person',
  role: 'role',
  language: 'language',
  codeDelivery: 'code',
  country: 'code',
  number: 'code',
};

export function emptyDraft(language: Language): Draft {
  return { name: '', email: '', role: null, language, codeDelivery: 'display', country: null, number: '' };
}

/** True once the admin entered anything worth a confirmation before it is thrown away. */
export function isDirty(draft: Draft, initial: Draft): boolean {
  return (
    draft.name.trim() !== '' ||
    draft.email.trim() !== '' ||
    draft.role !== null ||
    draft.language !== initial.language ||
    draft.codeDelivery !== initial.codeDelivery ||
    draft.country !== null ||
    draft.number.trim() !== ''
  );
}

function field(code: FieldErrorCode): Problem {
  return { kind: 'field', code };
}

function schemaProblem(result: { success: boolean; error?: { issues: { message: string }[] } }): Problem | null {
  if (result.success) return null;
  const message = result.error?.issues[0]?.message;
  return field(isFieldErrorCode(message) ? message : 'invalid_value');
}

/** Problems of the fields on `step`; empty when the step may be left with Next. */
export function validateStep(step: WizardStep, draft: Draft, country: CountryCode | null): DraftErrors {
  const errors: DraftErrors = {};
  if (step === 'person') {
    const name = schemaProblem(PersonName.safeParse(draft.name));
    const email = schemaProblem(Email.safeParse(draft.email));
    if (name) errors.name = name;
    if (email) errors.email = email;
  } else if (step === 'role') {
    if (!draft.role) errors.role = field('required');
  } else if (step === 'code' && draft.codeDelivery === 'sms') {
    if (!country) {
      errors.country = field('required');
    } else {
      const result = validateMobileNumber(country, draft.number);
      if (!result.ok) errors.number = field(result.code);
    }
  }
  return errors;
}

/** The request body; call only after every step validated. */
export function toInvitation(draft: Draft, country: CountryCode | null): InvitationDraft {
  return {
    name: draft.name.trim(),
    email: draft.email.trim(),
    role: draft.role ?? 'viewer',
    language: draft.language,
    codeDelivery: draft.codeDelivery,
    ...(draft.codeDelivery === 'sms' && country ? { mobile: { country, number: draft.number.trim() } } : {}),
  };
}

/** Same content, same idempotency key: a retry after a lost answer never invites twice. */
export function invitationSignature(invitation: InvitationDraft): string {
  return JSON.stringify([
    invitation.name,
    invitation.email.toLowerCase(),
    invitation.role,
    invitation.language,
    invitation.codeDelivery,
    invitation.mobile?.country ?? null,
    invitation.mobile?.number.replace(/\D/g, '') ?? null,
  ]);
}

/**
 * Where a problem with an invitation field shows. Main and the server name
 * them alike (shared/api/members.ts); main nests them under the IPC
 * request's `invitation`.
 */
const FIELD_OF_PATH: Readonly<Record<string, DraftField>> = {
  name: 'name',
  email: 'email',
  role: 'role',
  language: 'language',
  codeDelivery: 'codeDelivery',
  mobile: 'number',
  'mobile.number': 'number',
  'mobile.country': 'country',
};

/** Error codes that belong to one field rather than to the whole invitation. */
const FIELD_OF_ERROR: Partial<Record<ErrorCode, DraftField>> = {
  already_member: 'email',
  sms_failed: 'number',
};

/**
 * Where an answer from main or the server belongs: its field problems, or
 * null for an error about the invitation as a whole (shown on the review
 * step).
 */
export function problemsFromError(error: AppErrorShape): DraftErrors | null {
  const owner = FIELD_OF_ERROR[error.code];
  if (owner) return { [owner]: { kind: 'error', error } };
  if (error.code !== 'invalid_payload' || !error.fields) return null;
  const errors: DraftErrors = {};
  for (const [path, code] of Object.entries(error.fields)) {
    const target = FIELD_OF_PATH[path.replace(/^invitation\./, '')];
    if (target && !errors[target]) errors[target] = field(code);
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The first step (in wizard order) holding one of `errors`. */
export function firstStepWith(errors: DraftErrors): WizardStep | null {
  const steps = new Set(Object.keys(errors).map((key) => FIELD_STEP[key as DraftField]));
  return WIZARD_STEPS.find((step) => steps.has(step)) ?? null;
}

const PHONE_TYPING = /^[+\d\s().\-/\u00a0]*$/u;

/**
 * The number formatted for `country` as it is typed. Anything with other
 * characters stays as typed, so validation can say what is wrong with it.
 */
export function formatAsTyped(country: CountryCode | null, input: string): string {
  if (!country || !PHONE_TYPING.test(input)) return input;
  return new AsYouType(country).input(input);
}

/**
 * The country to suggest: the region of the OS locale (`de-CH` → CH), else
 * of the browser's, else the likeliest region of the UI language.
 */
export function suggestedCountry(locales: readonly (string | null | undefined)[]): CountryCode | null {
  for (const maximise of [false, true]) {
    for (const tag of locales) {
      if (!tag) continue;
      try {
        const locale = new Intl.Locale(tag);
        const region = (maximise ? locale.maximize() : locale).region;
        if (region && isCountryCode(region)) return region;
      } catch {
        // not a valid locale tag: try the next one
      }
    }
  }
  return null;
}
