/**
 * macOS: managed preferences for the app's bundle id, as an MDM
 * configuration profile (`com.apple.ManagedClient.preferences`, Forced)
 * delivers them: `/Library/Managed Preferences/<bundle id>.plist` for the
 * machine and `/Library/Managed Preferences/<user>/<bundle id>.plist` for
 * the user. XML and binary (`bplist00`) plists are both read. The files
 * are written by the system as root; the same trust check as on Linux
 * refuses anything a user could have placed there.
 */
import { parseBuffer } from 'bplist-parser';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parse as parseXmlPlist } from 'plist';
import { POLICIES, POLICY_LOCATIONS } from '../../../shared/policy/catalog.ts';
import type { PolicyDef, PolicyScope } from '../../../shared/policy/types.ts';
import { coerceForPolicy, policyLookup } from './coerce.ts';
import { errorMessage, failure, isPlainRecord, notApplied, type PolicySource } from './source.ts';
import { readTrustedFile } from './trusted-file.ts';

export interface MacPolicySourceOptions {
  /** The managed-preferences folder; tests pass a temporary one. */
  managedPreferences?: string;
  /** The signed-in OS user's short name (default: the user running the app). */
  user?: string;
  bundleId?: string;
  policies?: readonly PolicyDef[];
}

const BINARY_MAGIC = Buffer.from('bplist00', 'latin1');

/** The top-level dictionary of an XML or binary plist; throws when there is none. */
export function parsePlist(bytes: Buffer): unknown {
  if (bytes.subarray(0, BINARY_MAGIC.length).equals(BINARY_MAGIC)) return parseBuffer(bytes)[0];
  return parseXmlPlist(bytes.toString('utf8'));
}

function macSource(scope: PolicyScope, location: string, policies: readonly PolicyDef[]): PolicySource {
  const lookup = policyLookup(policies);
  return {
    scope,
    location,
    watchFiles: [location],
    async read() {
      const file = await readTrustedFile(location);
      if (file.status === 'absent') return notApplied({ scope, location, status: 'absent' });
      if (file.status !== 'ok') return failure(scope, location, file.status, file.reason, file.detail);
      let parsed: unknown;
      try {
        parsed = parsePlist(file.bytes);
      } catch (error) {
        return failure(
          scope,
          location,
          'unreadable',
          'invalid_plist',
          `is not a property list: ${errorMessage(error)}`,
        );
      }
      if (!isPlainRecord(parsed)) {
        return failure(scope, location, 'unreadable', 'not_an_object', 'is not a dictionary of policy names');
      }
      const values = Object.fromEntries(
        Object.entries(parsed).map(([name, raw]) => [name, coerceForPolicy(lookup(name), raw)]),
      );
      return { scope, location, status: 'applied', values };
    },
  };
}

/** Machine first, then the user's folder. */
export function createMacPolicySources(options: MacPolicySourceOptions = {}): PolicySource[] {
  const root = options.managedPreferences ?? POLICY_LOCATIONS.macManagedPreferences;
  const file = `${options.bundleId ?? POLICY_LOCATIONS.bundleId}.plist`;
  const user = options.user ?? userInfo().username;
  const policies = options.policies ?? POLICIES;
  return [macSource('machine', join(root, file), policies), macSource('user', join(root, user, file), policies)];
}
