import { useTranslation } from 'react-i18next';
import { ROLE_CAPABILITIES, ROLE_KEYS, type RoleKey } from '../../../shared/catalog/roles.ts';

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
      {ROLE_KEYS.map((role) => {
        const titleId = `${name}-${role}-title`;
        const capabilitiesId = `${name}-${role}-capabilities`;
        return (
          <label key={role} className={`choice${value === role ? ' is-checked' : ''}`}>
            <input
              type="radio"
              className="choice__input"
              name={name}
              value={role}
              checked={value === role}
              onChange={() => onChange(role)}
              aria-labelledby={titleId}
              aria-describedby={capabilitiesId}
            />
            <span className="choice__body">
              <span className="choice__title" id={titleId}>
                {t(`roles.${role}`)}
                {current === role ? <span className="choice__tag">{t('memberActions.currentRole')}</span> : null}
              </span>
              <span className="choice__tags" id={capabilitiesId}>
                {ROLE_CAPABILITIES[role].map((capability, index) => (
                  <span key={capability} className="capability">
                    {index > 0 ? <span className="visually-hidden">, </span> : null}
                    {t(`capabilities.${capability}`)}
                  </span>
                ))}
              </span>
            </span>
          </label>
        );
      })}
    </div>
  );
}
