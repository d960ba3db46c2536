/**
 * Linux: `/etc/team-safe-admin/policy.json`, a JSON object keyed by the
 * policy names, honoured only when root-owned and not group/other-writable.
 * JSON has types, so values are passed on as they are (no coercion): the
 * file is checked against the same rules as `policy.schema.json`.
 */
import { POLICY_LOCATIONS } from '../../../shared/policy/catalog.ts';
import { failure, isPlainRecord, notApplied, type PolicySource } from './source.ts';
import { readTrustedFile } from './trusted-file.ts';

export interface LinuxPolicySourceOptions {
  /** The policy file; tests point it at a temporary folder. Never taken from the environment. */
  file?: string;
}

export function createLinuxPolicySource(options: LinuxPolicySourceOptions = {}): PolicySource {
  const location = options.file ?? POLICY_LOCATIONS.linuxFile;
  const scope = 'machine';
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
        parsed = JSON.parse(file.bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch (error) {
        const detail = `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
        return failure(scope, location, 'unreadable', 'invalid_json', detail);
      }
      if (!isPlainRecord(parsed)) {
        return failure(scope, location, 'unreadable', 'not_an_object', 'is not a JSON object of policy names');
      }
      return { scope, location, status: 'applied', values: parsed };
    },
  };
}
