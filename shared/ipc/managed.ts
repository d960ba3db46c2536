/**
 * Schemas of the managed-install channels and pushes: the settings as the
 * window sees them (the user's own values with machine policy applied, and
 * how policy constrains each), the resolved policy for the About view, and
 * the updater's status. The contract imports them.
 */
import { z } from 'zod';
import { Id, Language } from '../api/schemas.ts';
import { PolicySnapshot, SettingControlsSchema } from '../policy/snapshot.ts';
import { UpdateStatus } from '../updates.ts';

/** What the user may set themselves (`settings:update`). */
export const UserSettings = z.object({
  /** Null until the user picks one; the UI then follows the OS (or the organisation's preset). */
  language: Language.nullable(),
  /** Keep an encrypted offline copy of the member lists. */
  cacheEnabled: z.boolean(),
  /** Older offline data is not shown. */
  cacheMaxAgeDays: z.number().int().min(1).max(365),
  /** The team safe the admin opened last: opened again at start, online or offline. */
  lastSafeId: Id.nullable(),
});

/** The settings in effect, and what the organisation decides about them. */
export const Settings = UserSettings.extend({
  /** Per governed setting: free, or locked / preset / capped by machine or user policy. */
  controls: SettingControlsSchema,
  /** Policy `SmsCountries`: the only regions an SMS may go to; null: any. */
  smsCountries: z.array(z.string()).nullable(),
  /** Policy `IdleSignOutMinutes`: sign out after this long without activity; 0: never. */
  idleSignOutMinutes: z.number().int().nonnegative(),
});
export type Settings = z.infer<typeof Settings>;

export const UpdateRestart = z.object({ restarting: z.boolean() });

export { PolicySnapshot, UpdateStatus };
export { FREE_CONTROLS, UNMANAGED_DEFAULTS } from './settings-defaults.ts';
