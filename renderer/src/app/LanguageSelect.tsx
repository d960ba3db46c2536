import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { LANGUAGES, isLanguage } from '../../../shared/languages.ts';
import { useAppStore } from '../store/index.ts';
import { GlobeIcon, LockIcon } from './icons.tsx';
import { detach } from '../detach.ts';

/** The language switcher: each option names its language in that language. */
export function LanguageSelect({ className }: { className?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { language, setLanguage, locked } = useAppStore(
    useShallow((state) => ({
      language: state.language,
      setLanguage: state.setLanguage,
      locked: state.settings?.controls.language.kind === 'locked',
    })),
  );
  const lockId = `${id}-locked`;
  return (
    <div className={['language-select', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="language-select__label">
        {locked ? <LockIcon /> : <GlobeIcon />}
        <span className="visually-hidden">{t('language.label')}</span>
      </label>
      {/* Set by the organisation: shown, not changeable, and said (the settings dialog says it in full). */}
      {locked ? (
        <span id={lockId} className="visually-hidden">
          {t('managed.locked')}
        </span>
      ) : null}
      <select
        id={id}
        className="language-select__control"
        value={language}
        disabled={locked}
        title={locked ? t('managed.locked') : undefined}
        aria-describedby={locked ? lockId : undefined}
        data-managed={locked ? 'locked' : undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (isLanguage(next)) detach(setLanguage(next));
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.names.${code}`, { lng: code })}
          </option>
        ))}
      </select>
    </div>
  );
}
