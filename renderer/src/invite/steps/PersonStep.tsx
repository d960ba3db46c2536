import { useTranslation } from 'react-i18next';
import { TextField } from '../../forms/Field.tsx';
import type { Wizard } from '../useWizard.ts';
import { problemText } from './problem.ts';

/** Who is invited: name and e-mail address. */
export function PersonStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation();
  const { ids, draft, errors, update } = wizard;
  return (
    <>
      <p className="wizard__intro">{t('invite.person.intro')}</p>
      <TextField
        id={ids.name}
        label={t('invite.person.name')}
        value={draft.name}
        onChange={(value) => update('name', value)}
        error={problemText(t, errors.name)}
        autoComplete="off"
      />
      <TextField
        id={ids.email}
        label={t('invite.person.email')}
        type="email"
        placeholder={t('invite.person.emailPlaceholder')}
        value={draft.email}
        onChange={(value) => update('email', value)}
        error={problemText(t, errors.email)}
        autoComplete="off"
      />
    </>
  );
}
