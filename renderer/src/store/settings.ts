import type { AppErrorShape } from '../../../shared/errors.ts';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { UNMANAGED_DEFAULTS } from '../../../shared/ipc/settings-defaults.ts';
import type { Language } from '../../../shared/languages.ts';
import { call } from '../bridge.ts';
import { applyLanguage, systemLanguage } from '../i18n.ts';
import type { SliceCreator } from './types.ts';

export interface SettingsSlice {
  /** Null until `settings:get` answered (or failed). */
  settings: Settings | null;
  /** What the UI shows: the chosen language, else the system's. */
  language: Language;
  settingsError: AppErrorShape | null;

  loadSettings(): Promise<void>;
  /** Main's `settings:changed` push (another window, or the menu). */
  applySettings(settings: Settings): void;
  setLanguage(language: Language): Promise<void>;
  dismissSettingsError(): void;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  language: systemLanguage(),
  settingsError: null,

  async loadSettings() {
    let settings: Settings;
    try {
      settings = await call('settings:get', {});
    } catch {
      // Not fatal: the window follows the system language.
      settings = UNMANAGED_DEFAULTS;
    }
    get().applySettings(settings);
  },

  applySettings(settings) {
    // No choice yet: the OS's preferred language (the browser's in the preview).
    const language = settings.language ?? systemLanguage(get().appInfo);
    applyLanguage(language);
    set({ settings, language });
  },

  async setLanguage(language) {
    const previous = get().settings;
    applyLanguage(language);
    set({ language, settings: previous ? { ...previous, language } : null, settingsError: null });
    try {
      const settings = await call('settings:update', { language });
      set({ settings });
    } catch (error) {
      // The switch stays for this window; only saving it failed.
      set({ settingsError: get().handleError(error) });
    }
  },

  dismissSettingsError() {
    set({ settingsError: null });
  },
});
