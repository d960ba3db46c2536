/**
 * An unsigned macOS configuration profile (`.mobileconfig`) with one
 * `com.apple.ManagedClient.preferences` payload for the app's bundle id:
 * every policy under `Forced` → `mcx_preference_settings`, with the
 * catalogue's example values. IT edits the values, drops the ones it does
 * not set, signs it and uploads it to the MDM.
 */
import { randomUUID } from 'node:crypto';
import { build, type PlistValue } from 'plist';
import { POLICY_LOCATIONS } from '../../shared/policy/catalog.ts';
import type { PolicyCatalog } from '../../shared/policy/types.ts';

export interface MobileconfigOptions {
  /** Makes PayloadUUIDs (default: random, as Apple Configurator does). */
  uuid?: () => string;
}

export function exampleValues(catalog: PolicyCatalog): Record<string, PlistValue> {
  return Object.fromEntries(catalog.policies.map((def) => [def.key, def.example as PlistValue]));
}

export function buildMobileconfig(catalog: PolicyCatalog, options: MobileconfigOptions = {}): string {
  const uuid = options.uuid ?? (() => randomUUID().toUpperCase());
  const bundleId = POLICY_LOCATIONS.bundleId;
  const payload = {
    PayloadType: 'com.apple.ManagedClient.preferences',
    PayloadVersion: 1,
    PayloadIdentifier: `${bundleId}.policy.preferences`,
    PayloadUUID: uuid(),
    PayloadEnabled: true,
    PayloadDisplayName: 'Team Safe Admin policy',
    PayloadContent: {
      [bundleId]: { Forced: [{ mcx_preference_settings: exampleValues(catalog) }] },
    },
  };
  return build({
    PayloadContent: [payload],
    PayloadDescription:
      'Machine policy for Team Safe Admin. Edit the values under mcx_preference_settings and remove the ones you do not want to set.',
    PayloadDisplayName: 'Team Safe Admin',
    PayloadIdentifier: `${bundleId}.policy`,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: uuid(),
    PayloadVersion: 1,
  });
}
