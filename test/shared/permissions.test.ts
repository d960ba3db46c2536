import { describe, expect, it } from 'vitest';
import { PermissionEntry } from '../../shared/api/groups.ts';
import {
  PERMISSIONS,
  PERMISSION_KEYS,
  PERMISSION_KEY_PATTERN,
  effectivePermissions,
  expandGrants,
  grantingKeys,
  hasPermission,
  restrictedKeys,
  subRightsOf,
  type PermissionDef,
} from '../../shared/catalog/permissions.ts';
import { LANGUAGES } from '../../shared/languages.ts';

describe('permission catalogue', () => {
  it('holds the five feature permissions and the Dropzone Manager sub-rights', () => {
    expect(PERMISSION_KEYS).toEqual([
      'workspaceOwnership',
      'dropzoneOwnership',
      'dropzoneManager',
      'dropzoneManager.configure',
      'dropzoneManager.manageRecipients',
      'apiKeys',
      'trustedDeviceKeys',
    ]);
    expect(subRightsOf('dropzoneManager')).toEqual(['dropzoneManager.configure', 'dropzoneManager.manageRecipients']);
    expect(subRightsOf('apiKeys')).toEqual([]);
  });

  it('names and describes every entry in every language, distinctly', () => {
    for (const permission of PERMISSIONS as readonly PermissionDef[]) {
      expect(PermissionEntry.safeParse(permission).success, permission.key).toBe(true);
      expect(permission.key).toMatch(PERMISSION_KEY_PATTERN);
      for (const language of LANGUAGES) {
        expect(permission.name[language].trim(), `${permission.key} ${language}`).not.toBe('');
        expect(permission.description[language].trim(), `${permission.key} ${language}`).not.toBe('');
      }
      // translated, not copied: at least three distinct names across the four languages
      expect(new Set(LANGUAGES.map((language) => permission.name[language])).size).toBeGreaterThanOrEqual(3);
      if (permission.parent) expect(PERMISSION_KEYS).toContain(permission.parent);
    }
    expect(new Set(PERMISSION_KEYS).size).toBe(PERMISSION_KEYS.length);
  });

  it('grants sub-rights with their parent, and a sub-right alone', () => {
    expect([...expandGrants(['dropzoneManager'])].sort()).toEqual([
      'dropzoneManager',
      'dropzoneManager.configure',
      'dropzoneManager.manageRecipients',
    ]);
    expect([...expandGrants(['dropzoneManager.configure'])]).toEqual(['dropzoneManager.configure']);
    expect([...expandGrants(['noLongerInTheCatalogue'])]).toEqual([]);
    expect(grantingKeys('dropzoneManager.configure')).toEqual(['dropzoneManager.configure', 'dropzoneManager']);
  });

  it('restricts what some group grants (and the parent of a granted sub-right); the rest is open', () => {
    const restricted = restrictedKeys(['apiKeys', 'dropzoneManager.configure']);
    expect([...restricted].sort()).toEqual(['apiKeys', 'dropzoneManager', 'dropzoneManager.configure']);
    // no grants: everyone has everything
    expect(effectivePermissions([], restrictedKeys([]))).toEqual([...PERMISSION_KEYS]);
    // a user outside the granting groups lacks exactly the restricted keys
    expect(effectivePermissions([], restricted)).toEqual([
      'workspaceOwnership',
      'dropzoneOwnership',
      'dropzoneManager.manageRecipients',
      'trustedDeviceKeys',
    ]);
    // union over groups
    expect(effectivePermissions(['apiKeys', 'dropzoneManager.configure'], restricted)).toEqual(
      [...PERMISSION_KEYS].filter((key) => key !== 'dropzoneManager'),
    );
    expect(hasPermission('apiKeys', [], restricted)).toBe(false);
    expect(hasPermission('apiKeys', ['apiKeys'], restricted)).toBe(true);
    expect(hasPermission('dropzoneManager.configure', ['dropzoneManager'], restricted)).toBe(true);
    expect(hasPermission('trustedDeviceKeys', [], restricted)).toBe(true);
  });
});
