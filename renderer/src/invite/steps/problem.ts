import type { TFunction } from 'i18next';
import { errorText, fieldErrorText } from '../../app/ErrorText.tsx';
import type { Problem } from '../draft.ts';

/** A field's problem as the sentence shown under it. */
export function problemText(t: TFunction, problem: Problem | undefined): string | undefined {
  if (!problem) return undefined;
  return problem.kind === 'field' ? fieldErrorText(t, problem.code) : errorText(t, problem.error);
}
