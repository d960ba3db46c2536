/**
 * Enforcement of feature permissions (rules in shared/catalog/permissions.ts):
 * a permission some group of the organisation grants (directly, through its
 * parent, or through one of its sub-rights) is restricted to the members of
 * a granting group; any other permission is open to every user.
 */
import type { DatabaseSync } from 'node:sqlite';
import {
  effectivePermissions,
  expandGrants,
  hasPermission,
  permissionDef,
  restrictedKeys,
  type PermissionKey,
} from '../shared/catalog/permissions.ts';
import { HttpError } from './http.ts';
import { queryAll } from './db.ts';

export const PERMISSION_SQL = {
  grantedInOrganisation: `SELECT DISTINCT p.permission_key AS key
       FROM security_groups g JOIN security_group_permissions p ON p.group_id = g.id
      WHERE g.org_id = ?`,
  grantedToUser: `SELECT DISTINCT p.permission_key AS key
       FROM security_group_members m JOIN security_group_permissions p ON p.group_id = m.group_id
      WHERE m.user_id = ?`,
} as const;

/** Permission keys restricted in an organisation. */
export function organisationRestrictions(db: DatabaseSync, orgId: string): Set<PermissionKey> {
  return restrictedKeys(queryAll<{ key: string }>(db, PERMISSION_SQL.grantedInOrganisation, orgId).map((r) => r.key));
}

/** What a user's groups grant (raw keys, before sub-right expansion). */
export function userGrants(db: DatabaseSync, userId: string): string[] {
  return queryAll<{ key: string }>(db, PERMISSION_SQL.grantedToUser, userId).map((row) => row.key);
}

export interface PermissionSubject {
  id: string;
  org_id: string;
}

export function effectiveFor(db: DatabaseSync, user: PermissionSubject): PermissionKey[] {
  return effectivePermissions(userGrants(db, user.id), organisationRestrictions(db, user.org_id));
}

export function grantedFor(db: DatabaseSync, userId: string): Set<PermissionKey> {
  return expandGrants(userGrants(db, userId));
}

export function userHasPermission(db: DatabaseSync, user: PermissionSubject, key: PermissionKey): boolean {
  return hasPermission(key, userGrants(db, user.id), organisationRestrictions(db, user.org_id));
}

/** 403 `permission_required`, naming the key, unless the user has the permission. */
export function requirePermission(db: DatabaseSync, user: PermissionSubject, key: PermissionKey): void {
  if (userHasPermission(db, user, key)) return;
  throw new HttpError(
    403,
    'permission_required',
    `This needs the feature permission ${key} (${permissionDef(key).name.en}); it is granted by security groups you are not in.`,
    { permission: key },
  );
}
