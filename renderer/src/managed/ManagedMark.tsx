import { useTranslation } from 'react-i18next';
import type { SettingControl } from '../../../shared/policy/resolve.ts';
import './managed.css';
import { BuildingIcon, LockIcon } from '../app/icons.tsx';

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
      {control.kind === 'locked' ? <LockIcon size={14} /> : <BuildingIcon />}
      <span>{text}</span>
    </span>
  );
}
