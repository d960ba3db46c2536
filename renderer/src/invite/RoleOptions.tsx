import { useTranslation } from 'react-i18next';
import { ROLE_CAPABILITIES, ROLE_KEYS, type RoleKey } from '../../../shared/catalog/roles.ts';
import { Choice } from '../forms/Choice.tsx';

export interface RoleOptionsProps {
  name: string;
  value: RoleKey | null;
  onChange: (role: RoleKey) => void;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  /** Marks one role as the current one (the change-role dialog). */
  current?: RoleKey;
}

/**
 * The five roles as radios, each with what it may do, rendered from the
 * shared role catalogue (never re-typed): the capability names are
 * translations of the catalogue's keys.
 */
export function RoleOptions({ name, value, onChange, labelledBy, describedBy, invalid, current }: RoleOptionsProps) {
  const { t } = useTranslation();
  return (
    <div
      className="choice-list"
      role="radiogroup"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      data-testid="role-options"
    >
      {ROLE_KEYS.map((role) => (
        <Choice
          key={role}
          name={name}
          id={`${name}-${role}`}
          value={role}
          checked={value === role}
          onChange={() => onChange(role)}
          title={
            <>
              {t(`roles.${role}`)}
              {current === role ? <span className="choice__tag">{t('memberActions.currentRole')}</span> : null}
            </>
          }
          detailStyle="tags"
          detail={ROLE_CAPABILITIES[role].map((capability, index) => (
            <span key={capability} className="capability">
              {index > 0 ? <span className="visually-hidden">, </span> : null}
              {t(`capabilities.${capability}`)}
            </span>
          ))}
        />
      ))}
    </div>
  );
}
