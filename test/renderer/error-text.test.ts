/** Errors with a wait show it, in every language (the SMS limits). */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { errorText } from '../../renderer/src/app/ErrorText.tsx';
import { de } from '../../shared/i18n/de.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { it as italian } from '../../shared/i18n/it.ts';

const catalogues = { en, de, fr, it: italian };

describe('errorText', () => {
  for (const [language, translation] of Object.entries(catalogues)) {
    it(`shows the remaining wait of the SMS limits [${language}]`, async () => {
      const i18n = i18next.createInstance();
      await i18n.init({ lng: language, resources: { [language]: { translation } }, initAsync: false });
      const cooldown = errorText(i18n.t, { code: 'sms_cooldown', message: '', retryAfterSeconds: 45 });
      expect(cooldown).toContain('45');
      expect(cooldown).not.toContain('{{');
      const quota = errorText(i18n.t, { code: 'sms_quota', message: '', retryAfterSeconds: 1790 });
      expect(quota).toContain('30');
      expect(quota).not.toContain('{{');
    });
  }
});
