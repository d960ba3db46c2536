/**
 * The settings with nothing managed, as plain data (no schema code): the
 * renderer's first screen can import it without pulling zod and the
 * policy catalogue into its first chunk.
 */
import type { Settings } from './managed.ts';

/** No policy: every setting is the user's. */
export const FREE_CONTROLS: Settings['controls'] = {
  serverUrl: { kind: 'free' },
  language: { kind: 'free' },
  cacheEnabled: { kind: 'free' },
  cacheMaxAgeDays: { kind: 'free' },
};

/** What the window assumes when main could not say (the defaults, nothing managed). */
export const UNMANAGED_DEFAULTS: Settings = {
  language: null,
  cacheEnabled: true,
  cacheMaxAgeDays: 30,
  lastSafeId: null,
  controls: FREE_CONTROLS,
  smsCountries: null,
  idleSignOutMinutes: 0,
};
