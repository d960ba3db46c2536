import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { LANGUAGES, isLanguage } from '../../../shared/languages.ts';
import { useAppStore } from '../store/index.ts';

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
          if (isLanguage(next)) void setLanguage(next);
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

function LockIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="16" height="16" className="icon">
      <rect x="4.25" y="9" width="11.5" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M7 9V6.5a3 3 0 0 1 6 0V9" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function GlobeIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="16" height="16" className="icon">
      <circle cx="10" cy="10" r="7.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M2.75 10h14.5M10 2.75c2 2.1 3 4.5 3 7.25s-1 5.15-3 7.25M10 2.75C8 4.85 7 7.25 7 10s1 5.15 3 7.25"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}
