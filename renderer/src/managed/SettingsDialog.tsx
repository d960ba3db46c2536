import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { LANGUAGES, isLanguage, type Language } from '../../../shared/languages.ts';
import { Modal } from '../app/Modal.tsx';
import { fieldErrorText } from '../app/ErrorText.tsx';
import { Field, TextField } from '../forms/Field.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { useAppStore } from '../store/index.ts';
import { ManagedMark, isLocked } from './ManagedMark.tsx';
import { UpdateStatusLine } from './UpdateStatusLine.tsx';
import { detach } from '../detach.ts';
import './managed.css';

/**
 * The user's own settings — language, the offline copy and how old its data
 * may be — each with the organisation's mark where policy locks, pre-sets or
 * caps it; what policy alone decides (idle sign-out) and the updates, read
 * only. Locked controls are disabled and say why in visible text.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const ids = { language: useId(), cacheEnabled: useId(), cacheMaxAgeDays: useId() };
  const { settings, save } = useAppStore(
    useShallow((state) => ({ settings: state.settings, save: state.saveSettings })),
  );
  const [language, setLanguage] = useState<Language | ''>(settings?.language ?? '');
  const [cacheEnabled, setCacheEnabled] = useState(settings?.cacheEnabled ?? true);
  const [maxAge, setMaxAge] = useState(String(settings?.cacheMaxAgeDays ?? 30));
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  if (!settings) return null;
  const { controls } = settings;
  const cap = controls.cacheMaxAgeDays.kind === 'capped' ? controls.cacheMaxAgeDays.max : 365;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const days = Number(maxAge);
    if (!Number.isInteger(days) || days < 1 || days > cap) {
      setError({
        code: 'invalid_payload',
        message: '',
        fields: { cacheMaxAgeDays: days > cap && cap < 365 ? 'above_policy_limit' : 'invalid_value' },
      });
      return;
    }
    // Only what policy lets the user change is sent.
    const patch = {
      ...(isLocked(controls.language) ? {} : { language: language === '' ? null : language }),
      ...(isLocked(controls.cacheEnabled) ? {} : { cacheEnabled }),
      ...(days !== settings.cacheMaxAgeDays ? { cacheMaxAgeDays: days } : {}),
    };
    setSaving(true);
    const failure = await save(patch);
    setSaving(false);
    setError(failure);
    setSaved(failure === null);
  };

  const fieldError = (field: string): string | undefined => {
    const code = error?.fields?.[field];
    if (!code) return undefined;
    return code === 'above_policy_limit' ? t('fieldErrors.above_policy_limit', { max: cap }) : fieldErrorText(t, code);
  };

  return (
    <Modal labelledBy={titleId} onEscape={onClose} testId="settings-dialog" className="modal--settings">
      <form onSubmit={(event) => detach(onSubmit(event))} noValidate>
        <div className="modal__header">
          <h2 className="modal__title" id={titleId}>
            {t('preferences.title')}
          </h2>
        </div>
        <div className="modal__body settings-form">
          <Field
            id={ids.language}
            label={t('preferences.language')}
            error={fieldError('language')}
            control={controls.language}
          >
            {(describedBy) => (
              <select
                id={ids.language}
                className="field__input"
                value={isLocked(controls.language) ? (settings.language ?? '') : language}
                disabled={isLocked(controls.language)}
                aria-describedby={describedBy}
                onChange={(event) => {
                  const next = event.currentTarget.value;
                  setLanguage(isLanguage(next) ? next : '');
                }}
              >
                <option value="">{t('preferences.followSystem')}</option>
                {LANGUAGES.map((code) => (
                  <option key={code} value={code} lang={code}>
                    {t(`language.names.${code}`, { lng: code })}
                  </option>
                ))}
              </select>
            )}
          </Field>

          <fieldset className="settings-group">
            <legend>{t('preferences.offline')}</legend>
            <div className="settings-row settings-row--check">
              <input
                id={ids.cacheEnabled}
                type="checkbox"
                checked={isLocked(controls.cacheEnabled) ? settings.cacheEnabled : cacheEnabled}
                disabled={isLocked(controls.cacheEnabled)}
                aria-describedby={[
                  controls.cacheEnabled.kind !== 'free' ? `${ids.cacheEnabled}-managed` : null,
                  `${ids.cacheEnabled}-hint`,
                ]
                  .filter(Boolean)
                  .join(' ')}
                onChange={(event) => setCacheEnabled(event.currentTarget.checked)}
              />
              <label htmlFor={ids.cacheEnabled}>{t('preferences.cacheEnabled')}</label>
              <ManagedMark control={controls.cacheEnabled} id={`${ids.cacheEnabled}-managed`} />
            </div>
            <p className="settings-hint" id={`${ids.cacheEnabled}-hint`}>
              {t('preferences.cacheEnabledHint')}
            </p>
            <TextField
              id={ids.cacheMaxAgeDays}
              label={t('preferences.cacheMaxAgeDays')}
              control={controls.cacheMaxAgeDays}
              inputClassName="settings-number"
              type="number"
              inputMode="numeric"
              min={1}
              max={cap}
              value={maxAge}
              error={fieldError('cacheMaxAgeDays')}
              onChange={(value) => setMaxAge(value)}
            />
          </fieldset>

          <div className="settings-group" data-testid="settings-idle">
            <h3 className="settings-group__title">{t('preferences.idle')}</h3>
            {settings.idleSignOutMinutes > 0 ? (
              <ManagedMark
                control={{
                  kind: 'locked',
                  policy: 'IdleSignOutMinutes',
                  value: settings.idleSignOutMinutes,
                  scope: 'machine',
                }}
              />
            ) : null}
            <p className="settings-hint">
              {settings.idleSignOutMinutes > 0
                ? t('preferences.idleOn', { count: settings.idleSignOutMinutes })
                : t('preferences.idleOff')}
            </p>
          </div>

          <div className="settings-group">
            <h3 className="settings-group__title">{t('preferences.updates')}</h3>
            <UpdateStatusLine />
          </div>

          <p className="settings-saved" role="status">
            {saved ? t('preferences.saved') : ''}
          </p>
          <FormAlert error={error && !error.fields ? error : null} />
        </div>
        <DialogFooter
          cancel={{ label: t('preferences.close'), onClick: onClose, disabled: saving }}
          action={<BusyButton label={t('preferences.save')} busyLabel={t('preferences.saving')} busy={saving} />}
        />
      </form>
    </Modal>
  );
}
