import { useTranslation } from 'react-i18next';
import type { SettingControl } from '../../../shared/policy/resolve.ts';
import './managed.css';

/** Whether policy stops the user from changing this setting. */
export function isLocked(control: SettingControl<unknown> | undefined): boolean {
  return control?.kind === 'locked';
}

/**
 * The organisation's mark next to a setting: a lock and "Set by your
 * organisation" for a locked one, "Pre-set by your organisation" for a
 * preset the user has not changed, the cap for a capped one. Visible text
 * (not a tooltip), so keyboard and screen-reader users get it too: give the
 * control `aria-describedby={id}`.
 */
export function ManagedMark({ control, id }: { control: SettingControl<unknown> | undefined; id?: string }) {
  const { t } = useTranslation();
  if (!control || control.kind === 'free') return null;
  const text =
    control.kind === 'capped'
      ? t('managed.capped', { max: control.max })
      : control.kind === 'locked'
        ? t('managed.locked')
        : t('managed.preset');
  return (
    <span
      className={`managed-mark managed-mark--${control.kind}`}
      id={id}
      data-testid="managed-mark"
      data-kind={control.kind}
    >
      {control.kind === 'locked' ? <LockIcon /> : <BuildingIcon />}
      <span>{text}</span>
    </span>
  );
}

function LockIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14" className="icon">
      <rect x="3.25" y="7" width="9.5" height="6.75" rx="1.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function BuildingIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14" className="icon">
      <path
        d="M3 13.75V3.5l6-1.75v12M9 6.5h4v7.25M2 13.75h12M5.25 5.5v.01M5.25 8v.01M5.25 10.5v.01"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </svg>
  );
}
