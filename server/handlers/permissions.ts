/** The feature-permission catalogue, a user's effective permissions, and the users × permissions matrix. */
import {
  PERMISSIONS,
  PERMISSION_KEYS,
  effectivePermissions,
  expandGrants,
  grantingKeys,
} from '../../shared/catalog/permissions.ts';
import { queryAll, queryOne } from '../db.ts';
import {
  GROUP_SQL,
  ensureUserSortKeys,
  grantsOf,
  orgUser,
  searchParams,
  userOfOrganisation,
  type OrgUserRow,
} from '../groups.ts';
import type { HandlerDeps, HandlerMap } from '../http.ts';
import { organisationRestrictions, userGrants } from '../permissions.ts';

export type PermissionRouteName = 'listPermissions' | 'userPermissions' | 'permissionMatrix';

export function permissionHandlers(deps: HandlerDeps): HandlerMap<PermissionRouteName> {
  const { db } = deps;

  return {
    listPermissions({ user }) {
      const restricted = organisationRestrictions(db, user.org_id);
      return {
        items: PERMISSIONS.map((permission) => ({
          key: permission.key,
          ...('parent' in permission ? { parent: permission.parent } : {}),
          name: { ...permission.name },
          description: { ...permission.description },
        })),
        restricted: PERMISSION_KEYS.filter((key) => restricted.has(key)),
      };
    },

    userPermissions({ params, user }) {
      const target = userOfOrganisation(db, params.userId, user.org_id);
      const groups = queryAll<{ id: string; name: string }>(db, GROUP_SQL.groupsOfUser, target.id);
      const grants = userGrants(db, target.id);
      const restricted = organisationRestrictions(db, user.org_id);
      const granted = expandGrants(grants);
      return {
        user: orgUser(target),
        groups: groups.map((group) => ({ id: group.id, name: group.name, permissions: grantsOf(db, group.id) })),
        effective: effectivePermissions(grants, restricted),
        granted: PERMISSION_KEYS.filter((key) => granted.has(key)),
      };
    },

    permissionMatrix({ query, user }) {
      ensureUserSortKeys(db);
      const restricted = organisationRestrictions(db, user.org_id);
      const search = searchParams(query.q);
      // an open permission is everyone's: no filter; a restricted one: members of a granting group
      const filtered = query.permission !== undefined && restricted.has(query.permission) ? 1 : 0;
      const granting = JSON.stringify(query.permission ? grantingKeys(query.permission) : []);
      const rows = queryAll<OrgUserRow>(
        db,
        GROUP_SQL.matrixPage,
        user.org_id,
        ...search,
        filtered,
        granting,
        query.limit,
        query.offset,
      );
      const total =
        queryOne<{ n: number }>(db, GROUP_SQL.matrixTotal, user.org_id, ...search, filtered, granting)?.n ?? 0;
      const grants = new Map<string, string[]>();
      for (const row of queryAll<{ user_id: string; permission_key: string }>(
        db,
        GROUP_SQL.grantsOfUsers,
        JSON.stringify(rows.map((row) => row.id)),
      )) {
        const list = grants.get(row.user_id) ?? [];
        list.push(row.permission_key);
        grants.set(row.user_id, list);
      }
      return {
        permissions: [...PERMISSION_KEYS],
        restricted: PERMISSION_KEYS.filter((key) => restricted.has(key)),
        items: rows.map((row) => ({
          user: orgUser(row),
          permissions: effectivePermissions(grants.get(row.id) ?? [], restricted),
        })),
        total,
        offset: query.offset,
      };
    },
  };
}
