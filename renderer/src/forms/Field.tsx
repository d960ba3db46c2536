import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import type { SettingControl } from '../../../shared/policy/resolve.ts';
import { ManagedMark } from '../managed/ManagedMark.tsx';
import './forms.css';

export interface FieldProps {
  id: string;
  label: string;
  /** The translated problem; replaces the hint while shown. */
  error?: string | undefined;
  hint?: ReactNode;
  /** How the organisation's policy governs the setting, if it does: its mark shows under the label. */
  control?: SettingControl<unknown> | undefined;
  /** The control itself, given the ids that describe it. */
  children: (describedBy: string | undefined) => ReactNode;
}

/**
 * One labelled form control with its problem, hint and the organisation's
 * mark, each tied to the control by `aria-describedby`. The one place the
 * `field` classes are written.
 */
export function Field({ id, label, error, hint, control, children }: FieldProps) {
  const showHint = hint !== undefined && hint !== null && !error;
  const managed = control !== undefined && control.kind !== 'free';
  const describedBy =
    [error ? `${id}-error` : null, showHint ? `${id}-hint` : null, managed ? `${id}-managed` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {managed ? <ManagedMark control={control} id={`${id}-managed`} /> : null}
      {children(describedBy)}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {showHint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'className' | 'aria-invalid' | 'aria-describedby' | 'children'
>;

export interface TextFieldProps extends InputAttributes, Omit<FieldProps, 'children'> {
  value: string;
  onChange: (value: string, input: HTMLInputElement) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Added to `field__input`. */
  inputClassName?: string;
  testId?: string;
}

/** A text input in a `Field`; no spell-checking (names, addresses, numbers). */
export function TextField({
  id,
  label,
  error,
  hint,
  control,
  value,
  onChange,
  inputRef,
  inputClassName,
  testId,
  ...input
}: TextFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} control={control}>
      {(describedBy) => (
        <input
          spellCheck={false}
          {...input}
          ref={inputRef}
          id={id}
          className={inputClassName ? `field__input ${inputClassName}` : 'field__input'}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.currentTarget.value, event.currentTarget)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
