/**
 * Non-secret settings (language, last server, last account's public profile).
 * Stored through electron-store in the app and through `conf` (the library
 * electron-store is built on, same API) in Node hosts. The file can be edited
 * by hand, so it is validated on every read; nothing secret is ever written.
 *
 * Machine policy applies here and nowhere else: `read()` answers the values
 * in effect (a lock wins, a preset stands until the user chose their own
 * value, a cap bounds the user's value), so every reader of a setting
 * follows policy without knowing about it. `update()` stores the user's own
 * choice; the caller refuses changes to locked settings first (`check`).
 */
import { z } from 'zod';
import { Id, Language, User } from '../../shared/api/schemas.ts';
import { AppError, type FieldErrorCode } from '../../shared/errors.ts';
import { FREE_CONTROLS } from '../../shared/ipc/settings-defaults.ts';
import { applySettingPolicy, type SettingControls } from '../../shared/policy/resolve.ts';

/** The part of electron-store / conf the core uses. */
export interface KeyValueFile {
  store: Record<string, unknown>;
}

export const DEFAULT_CACHE_MAX_AGE_DAYS = 30;

export const StoredSettings = z.object({
  language: Language.nullable().catch(null).default(null),
  cacheEnabled: z.boolean().catch(true).default(true),
  cacheMaxAgeDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .catch(DEFAULT_CACHE_MAX_AGE_DAYS)
    .default(DEFAULT_CACHE_MAX_AGE_DAYS),
  lastSafeId: Id.nullable().catch(null).default(null),
  serverUrl: z.string().optional().catch(undefined),
  lastEmail: z.string().optional().catch(undefined),
  account: z.object({ serverUrl: z.string(), user: User }).optional().catch(undefined),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

export class SettingsStore {
  readonly #file: KeyValueFile;
  readonly #controls: () => SettingControls;

  constructor(file: KeyValueFile, controls: () => SettingControls = () => FREE_CONTROLS) {
    this.#file = file;
    this.#controls = controls;
  }

  /** What the user chose (or the defaults), as stored. */
  own(): StoredSettings {
    const parsed = StoredSettings.safeParse(this.#file.store);
    return parsed.success ? parsed.data : StoredSettings.parse({});
  }

  /** The values in effect: the user's own, with machine policy applied. */
  read(): StoredSettings {
    const own = this.own();
    const controls = this.#controls();
    // A stored null language means "follow the OS": only an explicit choice beats a preset.
    const language = applySettingPolicy(controls.language, own.language, null);
    return {
      ...own,
      language,
      cacheEnabled: applySettingPolicy(controls.cacheEnabled, own.cacheEnabled, true),
      cacheMaxAgeDays: applySettingPolicy(controls.cacheMaxAgeDays, own.cacheMaxAgeDays, DEFAULT_CACHE_MAX_AGE_DAYS),
      serverUrl: applySettingPolicy(controls.serverUrl, own.serverUrl, undefined),
    };
  }

  controls(): SettingControls {
    return this.#controls();
  }

  /**
   * Refuses a change that policy does not allow: a locked setting set to
   * another value than the locked one, or a value above a cap. Nothing is
   * written; the error names each field and says why.
   */
  check(patch: Partial<Pick<StoredSettings, 'language' | 'cacheEnabled' | 'cacheMaxAgeDays' | 'serverUrl'>>): void {
    const controls = this.#controls();
    const fields: Record<string, FieldErrorCode> = {};
    for (const key of ['language', 'cacheEnabled', 'cacheMaxAgeDays', 'serverUrl'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      const control = controls[key];
      if (control.kind === 'locked' && control.value !== value) fields[key] = 'locked_by_policy';
      if (control.kind === 'capped' && typeof value === 'number' && value > control.max) {
        fields[key] = 'above_policy_limit';
      }
    }
    if (Object.keys(fields).length > 0) {
      throw new AppError('policy_locked', `refused by machine policy: ${Object.keys(fields).join(', ')}`, { fields });
    }
  }

  /** Stores the user's own values (never the policy's: a lifted lock gives the user's choice back). */
  update(patch: Partial<StoredSettings>): StoredSettings {
    const next = { ...this.own(), ...patch };
    const clean = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
    this.#file.store = clean;
    return this.read();
  }
}
