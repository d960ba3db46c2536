/**
 * Non-secret settings (language, last server, last account's public profile).
 * Stored through electron-store in the app and through `conf` (the library
 * electron-store is built on, same API) in Node hosts. The file can be edited
 * by hand, so it is validated on every read; nothing secret is ever written.
 */
import { z } from 'zod';
import { Id, Language, User } from '../../shared/api/schemas.ts';

/** The part of electron-store / conf the core uses. */
export interface KeyValueFile {
  store: Record<string, unknown>;
}

export const StoredSettings = z.object({
  language: Language.nullable().catch(null).default(null),
  cacheEnabled: z.boolean().catch(true).default(true),
  cacheMaxAgeDays: z.number().int().min(1).max(365).catch(30).default(30),
  lastSafeId: Id.nullable().catch(null).default(null),
  serverUrl: z.string().optional().catch(undefined),
  lastEmail: z.string().optional().catch(undefined),
  account: z.object({ serverUrl: z.string(), user: User }).optional().catch(undefined),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

export class SettingsStore {
  readonly #file: KeyValueFile;

  constructor(file: KeyValueFile) {
    this.#file = file;
  }

  read(): StoredSettings {
    const parsed = StoredSettings.safeParse(this.#file.store);
    return parsed.success ? parsed.data : StoredSettings.parse({});
  }

  update(patch: Partial<StoredSettings>): StoredSettings {
    const next = { ...this.read(), ...patch };
    const clean = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
    this.#file.store = clean;
    return this.read();
  }
}
