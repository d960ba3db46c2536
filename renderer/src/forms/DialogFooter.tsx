import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

type ButtonAttributes = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className' | 'children' | 'disabled'>;

export interface BusyButtonProps extends ButtonAttributes {
  label: string;
  /** Said instead of `label` while busy ("Inviting…"). */
  busyLabel: string;
  busy: boolean;
  tone?: 'primary' | 'danger';
  /** Not possible now for another reason than being busy (nothing to send). */
  disabled?: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
  testId?: string;
  /** Added to the button's classes (e.g. `button--block`). */
  className?: string;
}

/**
 * The one convention for a button whose action takes a while: while busy
 * it keeps its place and its focus (`aria-disabled`, not `disabled`, which
 * would drop focus to the page), shows a spinner, says what is happening,
 * and swallows clicks and Enter, so nothing is sent twice.
 */
export function BusyButton({
  label,
  busyLabel,
  busy,
  tone = 'primary',
  disabled,
  buttonRef,
  testId,
  className,
  onClick,
  type = 'submit',
  ...button
}: BusyButtonProps) {
  return (
    <button
      {...button}
      ref={buttonRef}
      type={type}
      className={`button button--${tone}${className ? ` ${className}` : ''}`}
      disabled={disabled}
      aria-disabled={busy || undefined}
      data-testid={testId}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
    >
      {busy ? <span className="spinner spinner--on-accent" aria-hidden="true" /> : null}
      {busy ? busyLabel : label}
    </button>
  );
}

/**
 * The row of buttons at the foot of a dialog: the way out (`cancel`,
 * disabled while busy so a request under way is not abandoned), anything
 * in between (Back), and the action last.
 */
export function DialogFooter({
  cancel,
  children,
  action,
}: {
  cancel?: { label: string; onClick: () => void; disabled?: boolean; quiet?: boolean };
  children?: ReactNode;
  action: ReactNode;
}) {
  return (
    <div className="modal__footer">
      {cancel ? (
        <button
          type="button"
          className={cancel.quiet ? 'button button--quiet modal__footer-start' : 'button button--secondary'}
          onClick={cancel.onClick}
          disabled={cancel.disabled}
        >
          {cancel.label}
        </button>
      ) : null}
      {children}
      {action}
    </div>
  );
}
