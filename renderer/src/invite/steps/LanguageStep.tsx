import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../shared/languages.ts';
import { Choice } from '../../forms/Choice.tsx';
import type { Wizard } from '../useWizard.ts';

/** The language of the invitation and of the member's account, each named in itself too. */
export function LanguageStep({ wizard, person }: { wizard: Wizard; person: string }) {
  const { t, i18n } = useTranslation();
  const { ids, draft, update } = wizard;
  return (
    <>
      <p className="wizard__intro" id={`${ids.language}-label`}>
        {t('invite.language.intro', { name: person })}
      </p>
      <div
        className="choice-list choice-list--grid"
        role="radiogroup"
        aria-labelledby={`${ids.language}-label`}
        id={ids.language}
      >
        {LANGUAGES.map((language) => (
          <Choice
            key={language}
            name={`${ids.base}-language-choice`}
            id={`${ids.language}-${language}`}
            checked={draft.language === language}
            onChange={() => update('language', language)}
            title={t(`language.names.${language}`)}
            detail={
              language === i18n.language ? undefined : (
                <span lang={language}>{t(`language.names.${language}`, { lng: language })}</span>
              )
            }
          />
        ))}
      </div>
    </>
  );
}
