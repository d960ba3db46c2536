import { useTranslation } from 'react-i18next';
import { RoleOptions } from '../RoleOptions.tsx';
import type { Wizard } from '../useWizard.ts';

/** The role in the safe, each with what it may do. */
export function RoleStep({ wizard, person }: { wizard: Wizard; person: string }) {
  const { t } = useTranslation();
  const { ids, draft, errors, update } = wizard;
  return (
    <>
      <p className="wizard__intro" id={`${ids.role}-label`}>
        {t('invite.role.intro', { name: person })}
      </p>
      <div id={ids.role}>
        <RoleOptions
          name={`${ids.base}-role-choice`}
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
}
