/**
 * Security groups: the handlers behind the group routes of the shared table,
 * group definitions (support staff only: config file, support CLI or the
 * X-Support-Token endpoints), membership (organisation administrators only)
 * and the queries for the user picker, a user's effective permissions and
 * the users × permissions matrix.
 *
 * - Member counts are computed (COUNT over the membership primary key), and
 *   every membership change is one `INSERT OR IGNORE` / `DELETE` whose row
 *   count decides whether it is audited, inside one transaction. Requests are
 *   handled one at a time by node:sqlite, so concurrent adds and removes of the
 *   same user cannot double count or leave a stray audit entry.
 * - A bulk add is one transaction: either every entry's outcome is committed
 *   and reported, or (on an unexpected failure) nothing is and the answer is
 *   a 500. Entries that are invalid, duplicate, unknown or already members
 *   never undo the ones that were added.
 * - Pages walk an index in name order (no sort step); searches fold accents
 *   and case the same way the member lists do (nameSortKey).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { BULK_LIMIT, parseBulkEntries } from '../shared/bulk.ts';
import {
  PERMISSIONS,
  PERMISSION_KEYS,
  expandGrants,
  grantingKeys,
  effectivePermissions,
} from '../shared/catalog/permissions.ts';
import { KnownPermissionKey, type BulkEntryResult, type GroupMember, type SupportGroup } from '../shared/api/groups.ts';
import { Id } from '../shared/api/schemas.ts';
import { Email } from '../shared/validation.ts';
import { HttpError, type Handler } from './app.ts';
import { writeAudit } from './audit.ts';
import { nameSortKey, newId, queryAll, queryOne, statement, transaction } from './db.ts';
import { createFeatureHandlers } from './features.ts';
import { organisationRestrictions, userGrants } from './permissions.ts';

export const SUPPORT_TOKEN_HEADER = 'x-support-token';
export const SUPPORT_TOKEN_MIN_LENGTH = 16;

// ------------------------------------------------------------------ SQL

const LIKE_ESCAPE = "ESCAPE '\\'";
/** Parameters: the search text (empty: no filter), the folded-name pattern, the e-mail pattern. */
const userSearch = (nameAlias: string, emailAlias = nameAlias) =>
  `(? = '' OR ${nameAlias}.sort_key LIKE ? ${LIKE_ESCAPE} OR ${emailAlias}.email LIKE ? ${LIKE_ESCAPE})`;

/** The SQL behind each query, exported so tests can check its plan. */
export const GROUP_SQL = {
  groupsOfOrganisation: `SELECT g.id, g.org_id, g.name,
         (SELECT COUNT(*) FROM security_group_members m WHERE m.group_id = g.id) AS member_count
       FROM security_groups g WHERE g.org_id = ? ORDER BY g.name, g.id`,
  grantsOfOrganisation: `SELECT p.group_id, p.permission_key FROM security_group_permissions p
       JOIN security_groups g ON g.id = p.group_id WHERE g.org_id = ?`,
  grantsOfGroup: 'SELECT permission_key FROM security_group_permissions WHERE group_id = ?',
  group: 'SELECT id, org_id, name FROM security_groups WHERE id = ?',
  groupByName: 'SELECT id FROM security_groups WHERE org_id = ? AND name = ?',
  memberCount: 'SELECT COUNT(*) AS n FROM security_group_members WHERE group_id = ?',
  memberPage: `SELECT m.user_id, u.name, u.email, m.added_at
       FROM security_group_members m INDEXED BY security_group_members_order JOIN users u ON u.id = m.user_id
      WHERE m.group_id = ? AND ${userSearch('m', 'u')}
      ORDER BY m.sort_key, m.user_id LIMIT ? OFFSET ?`,
  memberPageTotal: `SELECT COUNT(*) AS n
       FROM security_group_members m JOIN users u ON u.id = m.user_id
      WHERE m.group_id = ? AND ${userSearch('m', 'u')}`,
  membership: 'SELECT added_at FROM security_group_members WHERE group_id = ? AND user_id = ?',
  addMember: `INSERT OR IGNORE INTO security_group_members (group_id, user_id, sort_key, added_at)
       VALUES (?, ?, ?, ?)`,
  removeMember: 'DELETE FROM security_group_members WHERE group_id = ? AND user_id = ?',
  userInOrganisation: 'SELECT id, org_id, name, email FROM users WHERE id = ?',
  userByEmail: 'SELECT id, org_id, name, email FROM users WHERE org_id = ? AND email = ?',
  isOrgAdministrator: "SELECT 1 AS one FROM users WHERE id = ? AND org_role = 'administrator'",
  usersWithoutSortKey: 'SELECT id, name FROM users WHERE sort_key IS NULL',
  setUserSortKey: 'UPDATE users SET sort_key = ? WHERE id = ?',
  searchUsers: `SELECT u.id, u.name, u.email FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
      ORDER BY u.sort_key, u.id LIMIT ?`,
  matrixPage: `SELECT u.id, u.name, u.email FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
        AND (? = 0 OR EXISTS (
          SELECT 1 FROM security_group_members m
            JOIN security_group_permissions p ON p.group_id = m.group_id
           WHERE m.user_id = u.id AND p.permission_key IN (SELECT value FROM json_each(?))))
      ORDER BY u.sort_key, u.id LIMIT ? OFFSET ?`,
  matrixTotal: `SELECT COUNT(*) AS n FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
        AND (? = 0 OR EXISTS (
          SELECT 1 FROM security_group_members m
            JOIN security_group_permissions p ON p.group_id = m.group_id
           WHERE m.user_id = u.id AND p.permission_key IN (SELECT value FROM json_each(?))))`,
  grantsOfUsers: `SELECT DISTINCT m.user_id, p.permission_key
       FROM security_group_members m JOIN security_group_permissions p ON p.group_id = m.group_id
      WHERE m.user_id IN (SELECT value FROM json_each(?))`,
  groupsOfUser: `SELECT g.id, g.name FROM security_group_members m JOIN security_groups g ON g.id = m.group_id
      WHERE m.user_id = ? ORDER BY g.name, g.id`,
  organisation: 'SELECT id FROM organisations WHERE id = ?',
  insertGroup: 'INSERT INTO security_groups (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  renameGroup: 'UPDATE security_groups SET name = ?, updated_at = ? WHERE id = ?',
  touchGroup: 'UPDATE security_groups SET updated_at = ? WHERE id = ?',
  clearGrants: 'DELETE FROM security_group_permissions WHERE group_id = ?',
  insertGrant: 'INSERT INTO security_group_permissions (group_id, permission_key) VALUES (?, ?)',
} as const;

// ------------------------------------------------------------------ helpers

interface GroupRow {
  id: string;
  org_id: string;
  name: string;
}

interface OrgUserRow {
  id: string;
  org_id: string;
  name: string;
  email: string;
}

const CATALOGUE_ORDER = new Map<string, number>(PERMISSION_KEYS.map((key, index) => [key, index]));

/** Catalogue order; keys the catalogue no longer knows go last, alphabetically. */
export function sortPermissionKeys(keys: Iterable<string>): string[] {
  const order = (key: string) => CATALOGUE_ORDER.get(key) ?? Number.MAX_SAFE_INTEGER;
  return [...new Set(keys)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** LIKE patterns for a search text: folded name, lower-cased e-mail. */
function searchParams(q: string): [string, string, string] {
  const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const text = q.trim();
  return [text, `%${escape(nameSortKey(text))}%`, `%${escape(text.toLowerCase())}%`];
}

/** Give every user row without a folded name one. Call inside or outside a transaction. */
export function fillUserSortKeys(db: DatabaseSync): number {
  const rows = queryAll<{ id: string; name: string }>(db, GROUP_SQL.usersWithoutSortKey);
  const update = statement(db, GROUP_SQL.setUserSortKey);
  for (const row of rows) update.run(nameSortKey(row.name), row.id);
  return rows.length;
}

/** Users may be created elsewhere (seed, invitations) without a folded name: add it before searching. */
function ensureUserSortKeys(db: DatabaseSync): void {
  if (queryOne(db, `${GROUP_SQL.usersWithoutSortKey} LIMIT 1`) === undefined) return;
  transaction(db, () => fillUserSortKeys(db));
}

function memberCount(db: DatabaseSync, groupId: string): number {
  return queryOne<{ n: number }>(db, GROUP_SQL.memberCount, groupId)?.n ?? 0;
}

function grantsOf(db: DatabaseSync, groupId: string): string[] {
  return sortPermissionKeys(
    queryAll<{ permission_key: string }>(db, GROUP_SQL.grantsOfGroup, groupId).map((row) => row.permission_key),
  );
}

function toSupportGroup(db: DatabaseSync, group: GroupRow): SupportGroup {
  return {
    id: group.id,
    orgId: group.org_id,
    name: group.name,
    permissions: grantsOf(db, group.id),
    memberCount: memberCount(db, group.id),
  };
}

function isOrgAdministrator(db: DatabaseSync, userId: string): boolean {
  return queryOne(db, GROUP_SQL.isOrgAdministrator, userId) !== undefined;
}

function requireOrgAdministrator(db: DatabaseSync, userId: string): void {
  if (!isOrgAdministrator(db, userId)) {
    throw new HttpError(403, 'forbidden', 'Only an administrator of the organisation may do this.');
  }
}

function groupOfOrganisation(db: DatabaseSync, groupId: string, orgId: string): GroupRow {
  const group = queryOne<GroupRow>(db, GROUP_SQL.group, groupId);
  if (!group || group.org_id !== orgId) throw new HttpError(404, 'not_found', 'No such security group.');
  return group;
}

function userOfOrganisation(db: DatabaseSync, userId: string, orgId: string): OrgUserRow {
  const user = queryOne<OrgUserRow>(db, GROUP_SQL.userInOrganisation, userId);
  if (!user || user.org_id !== orgId) throw new HttpError(404, 'not_found', 'No such user in this organisation.');
  return user;
}

const orgUser = (row: { id: string; name: string; email: string }) => ({
  id: row.id,
  name: row.name,
  email: row.email,
});

// ------------------------------------------------------------------ membership

export interface MembershipActor {
  /** The administrator making the change; null for seeding and support tooling. */
  userId: string | null;
  at: Date;
  via?: 'single' | 'bulk' | 'seed';
}

/** Add one user (same organisation, checked by the caller). Call inside a transaction. */
function addMemberInTransaction(
  db: DatabaseSync,
  group: GroupRow,
  user: OrgUserRow,
  actor: MembershipActor,
): { added: boolean; addedAt: string } {
  const addedAt = actor.at.toISOString();
  const { changes } = statement(db, GROUP_SQL.addMember).run(group.id, user.id, nameSortKey(user.name), addedAt);
  if (Number(changes) === 0) {
    return {
      added: false,
      addedAt: queryOne<{ added_at: string }>(db, GROUP_SQL.membership, group.id, user.id)?.added_at ?? addedAt,
    };
  }
  if (actor.via !== 'seed') {
    writeAudit(
      db,
      {
        actorUserId: actor.userId,
        orgId: group.org_id,
        action: 'group.memberAdded',
        targetType: 'group',
        targetId: group.id,
        before: { groupId: group.id, groupName: group.name, userId: user.id, email: user.email, member: false },
        after: {
          groupId: group.id,
          groupName: group.name,
          userId: user.id,
          email: user.email,
          member: true,
          addedAt,
          via: actor.via ?? 'single',
        },
      },
      actor.at,
    );
  }
  return { added: true, addedAt };
}

export function addGroupMember(
  db: DatabaseSync,
  group: GroupRow,
  user: OrgUserRow,
  actor: MembershipActor,
): { added: boolean; member: GroupMember; memberCount: number } {
  return transaction(db, () => {
    const { added, addedAt } = addMemberInTransaction(db, group, user, actor);
    return {
      added,
      member: { userId: user.id, name: user.name, email: user.email, addedAt },
      memberCount: memberCount(db, group.id),
    };
  });
}

export function removeGroupMembers(
  db: DatabaseSync,
  group: GroupRow,
  userIds: readonly string[],
  actor: MembershipActor,
): { results: { userId: string; outcome: 'removed' | 'not_member' }[]; removed: number; memberCount: number } {
  return transaction(db, () => {
    const results: { userId: string; outcome: 'removed' | 'not_member' }[] = [];
    let removed = 0;
    for (const userId of new Set(userIds)) {
      const before = queryOne<{ added_at: string }>(db, GROUP_SQL.membership, group.id, userId);
      const { changes } = statement(db, GROUP_SQL.removeMember).run(group.id, userId);
      if (!before || Number(changes) === 0) {
        results.push({ userId, outcome: 'not_member' });
        continue;
      }
      removed++;
      results.push({ userId, outcome: 'removed' });
      const user = queryOne<OrgUserRow>(db, GROUP_SQL.userInOrganisation, userId);
      writeAudit(
        db,
        {
          actorUserId: actor.userId,
          orgId: group.org_id,
          action: 'group.memberRemoved',
          targetType: 'group',
          targetId: group.id,
          before: {
            groupId: group.id,
            groupName: group.name,
            userId,
            email: user?.email ?? null,
            member: true,
            addedAt: before.added_at,
          },
          after: { groupId: group.id, groupName: group.name, userId, email: user?.email ?? null, member: false },
        },
        actor.at,
      );
    }
    return { results, removed, memberCount: memberCount(db, group.id) };
  });
}

/**
 * Bulk add from pasted text. Refuses (400, nothing applied) an empty list
 * and a list of more than BULK_LIMIT entries; otherwise one outcome per entry.
 */
export function bulkAddGroupMembers(
  db: DatabaseSync,
  group: GroupRow,
  text: string,
  actor: MembershipActor,
): { results: BulkEntryResult[]; added: number; memberCount: number } {
  const parsed = parseBulkEntries(text);
  if (parsed.count === 0) {
    throw new HttpError(400, 'no_entries', 'The list holds no entries: paste e-mail addresses separated by commas.');
  }
  if (parsed.overLimit) {
    throw new HttpError(
      400,
      'too_many_entries',
      `The list holds ${parsed.count} entries; at most ${BULK_LIMIT} can be added at once. Nothing was added.`,
    );
  }
  return transaction(db, () => {
    const results: BulkEntryResult[] = [];
    let added = 0;
    for (const entry of parsed.entries) {
      const result: BulkEntryResult = { entry: entry.raw, outcome: 'invalid' };
      if (entry.email !== undefined) result.email = entry.email;
      if (entry.status === 'duplicate') {
        result.outcome = 'duplicate';
      } else if (entry.status === 'valid' && entry.email !== undefined) {
        const user = queryOne<OrgUserRow>(db, GROUP_SQL.userByEmail, group.org_id, entry.email);
        if (!user) {
          result.outcome = 'unknown_user';
        } else {
          const outcome = addMemberInTransaction(db, group, user, { ...actor, via: 'bulk' });
          result.outcome = outcome.added ? 'added' : 'already_member';
          result.userId = user.id;
          result.name = user.name;
          if (outcome.added) added++;
        }
      }
      results.push(result);
    }
    return { results, added, memberCount: memberCount(db, group.id) };
  });
}

// ------------------------------------------------------------------ definitions (support staff)

export interface GroupDefinition {
  orgId: string;
  name: string;
  permissions: readonly string[];
  /** Fixed id (config files); generated otherwise. */
  id?: string;
}

function auditDefinition(
  db: DatabaseSync,
  action: 'group.created' | 'group.updated',
  group: GroupRow,
  before: unknown,
  after: unknown,
  at: Date,
  source: string,
): void {
  writeAudit(
    db,
    {
      actorUserId: null,
      orgId: group.org_id,
      action,
      targetType: 'group',
      targetId: group.id,
      before,
      after: { ...(after as object), definedBy: source },
    },
    at,
  );
}

function replaceGrants(db: DatabaseSync, groupId: string, permissions: readonly string[]): void {
  statement(db, GROUP_SQL.clearGrants).run(groupId);
  const insert = statement(db, GROUP_SQL.insertGrant);
  for (const key of new Set(permissions)) insert.run(groupId, key);
}

/** Create a group. Call inside a transaction. 409 when the organisation already has a group of that name. */
export function createGroupInTransaction(
  db: DatabaseSync,
  definition: GroupDefinition,
  at: Date,
  source: string | null,
): GroupRow {
  if (!queryOne(db, GROUP_SQL.organisation, definition.orgId)) {
    throw new HttpError(404, 'not_found', 'No such organisation.');
  }
  if (queryOne(db, GROUP_SQL.groupByName, definition.orgId, definition.name)) {
    throw new HttpError(409, 'group_name_taken', 'The organisation already has a security group of that name.');
  }
  const group: GroupRow = { id: definition.id ?? `sg-${newId()}`, org_id: definition.orgId, name: definition.name };
  statement(db, GROUP_SQL.insertGroup).run(group.id, group.org_id, group.name, at.toISOString(), at.toISOString());
  replaceGrants(db, group.id, definition.permissions);
  if (source !== null) {
    auditDefinition(
      db,
      'group.created',
      group,
      null,
      { name: group.name, permissions: sortPermissionKeys(definition.permissions) },
      at,
      source,
    );
  }
  return group;
}

/** Rename and/or change what a group grants. Call inside a transaction. */
export function updateGroupInTransaction(
  db: DatabaseSync,
  groupId: string,
  change: { name?: string | undefined; permissions?: readonly string[] | undefined },
  at: Date,
  source: string | null,
): GroupRow {
  const group = queryOne<GroupRow>(db, GROUP_SQL.group, groupId);
  if (!group) throw new HttpError(404, 'not_found', 'No such security group.');
  const before = { name: group.name, permissions: grantsOf(db, group.id) };
  const name = change.name ?? group.name;
  if (name !== group.name) {
    const clash = queryOne<{ id: string }>(db, GROUP_SQL.groupByName, group.org_id, name);
    if (clash && clash.id !== group.id) {
      throw new HttpError(409, 'group_name_taken', 'The organisation already has a security group of that name.');
    }
    statement(db, GROUP_SQL.renameGroup).run(name, at.toISOString(), group.id);
  }
  if (change.permissions) {
    replaceGrants(db, group.id, change.permissions);
    statement(db, GROUP_SQL.touchGroup).run(at.toISOString(), group.id);
  }
  const updated = { ...group, name };
  const after = { name, permissions: grantsOf(db, group.id) };
  const changed = before.name !== after.name || before.permissions.join() !== after.permissions.join();
  if (source !== null && changed) auditDefinition(db, 'group.updated', updated, before, after, at, source);
  return updated;
}

// ------------------------------------------------------------------ config files (support staff, seed)

const ConfigGroup = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1).max(100),
    permissions: z.array(KnownPermissionKey).min(1),
    /** Seed only: e-mail addresses of initial members. Support tooling ignores them. */
    members: z.array(Email).optional(),
  })
  .strict();

export const SecurityGroupConfig = z
  .object({
    $comment: z.string().optional(),
    organisations: z.array(
      z
        .object({ orgId: Id, groups: z.array(ConfigGroup) })
        .strict()
        .superRefine((org, ctx) => {
          const names = org.groups.map((group) => group.name);
          if (new Set(names).size !== names.length) {
            ctx.addIssue({ code: 'custom', message: `duplicate group name in ${org.orgId}`, path: ['groups'] });
          }
        }),
    ),
  })
  .strict();
export type SecurityGroupConfig = z.infer<typeof SecurityGroupConfig>;

export const DEMO_GROUPS_FILE = new URL('./security-groups.demo.json', import.meta.url);

/** Read and validate a group definition file; throws with the offending paths. */
export function loadGroupConfig(file: string | URL): SecurityGroupConfig {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const parsed = SecurityGroupConfig.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid security group file ${String(file)}: ${where.join('; ')}`);
  }
  return parsed.data;
}

export interface ApplyConfigOptions {
  at: Date;
  /** Also add the listed members (seed only). */
  withMembers?: boolean;
  /** Audit source for definition changes; null for seeding (no audit rows). */
  source: string | null;
}

export interface ApplyConfigSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  membersAdded: number;
}

/**
 * Create or update the groups of a config file (matched by id, else by name
 * within the organisation). Call inside a transaction.
 */
export function applyGroupConfigInTransaction(
  db: DatabaseSync,
  config: SecurityGroupConfig,
  options: ApplyConfigOptions,
): ApplyConfigSummary {
  const summary: ApplyConfigSummary = { created: [], updated: [], unchanged: [], membersAdded: 0 };
  for (const org of config.organisations) {
    if (!queryOne(db, GROUP_SQL.organisation, org.orgId)) throw new Error(`no organisation ${org.orgId}`);
    for (const definition of org.groups) {
      const existingId =
        definition.id ?? queryOne<{ id: string }>(db, GROUP_SQL.groupByName, org.orgId, definition.name)?.id;
      const existing = existingId === undefined ? undefined : queryOne<GroupRow>(db, GROUP_SQL.group, existingId);
      if (existing && existing.org_id !== org.orgId) {
        throw new Error(`group ${existing.id} belongs to another organisation`);
      }
      let group: GroupRow;
      if (!existing) {
        group = createGroupInTransaction(
          db,
          {
            orgId: org.orgId,
            name: definition.name,
            permissions: definition.permissions,
            ...(definition.id ? { id: definition.id } : {}),
          },
          options.at,
          options.source,
        );
        summary.created.push(group.name);
      } else {
        const same =
          existing.name === definition.name &&
          grantsOf(db, existing.id).join() === sortPermissionKeys(definition.permissions).join();
        group = same ? existing : updateGroupInTransaction(db, existing.id, definition, options.at, options.source);
        (same ? summary.unchanged : summary.updated).push(group.name);
      }
      if (options.withMembers) {
        for (const email of definition.members ?? []) {
          const user = queryOne<OrgUserRow>(db, GROUP_SQL.userByEmail, org.orgId, email);
          if (!user) throw new Error(`group ${definition.name}: no user ${email} in ${org.orgId}`);
          const actor: MembershipActor = {
            userId: null,
            at: options.at,
            via: options.source === null ? 'seed' : 'single',
          };
          if (addMemberInTransaction(db, group, user, actor).added) summary.membersAdded++;
        }
      }
    }
  }
  return summary;
}

// ------------------------------------------------------------------ support token

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** 403 `forbidden` unless the request carries the configured support token. */
export function requireSupportToken(presented: string | string[] | undefined, configured: string | undefined): void {
  const value = Array.isArray(presented) ? presented[0] : presented;
  const valid =
    configured !== undefined &&
    configured.length >= SUPPORT_TOKEN_MIN_LENGTH &&
    value !== undefined &&
    timingSafeEqual(digest(value), digest(configured));
  if (!valid) {
    throw new HttpError(
      403,
      'forbidden',
      'Security group definitions are managed by the provider’s support staff only (X-Support-Token).',
    );
  }
}

// ------------------------------------------------------------------ handlers

export type SecurityGroupRouteName =
  | 'listPermissions'
  | 'permissionMatrix'
  | 'listSecurityGroups'
  | 'listGroupMembers'
  | 'addGroupMember'
  | 'removeGroupMembers'
  | 'bulkAddGroupMembers'
  | 'searchUsers'
  | 'userPermissions'
  | 'supportCreateSecurityGroup'
  | 'supportUpdateSecurityGroup';

export interface SecurityGroupDeps {
  db: DatabaseSync;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/** Handlers for the security-group routes and the feature routes they guard. */
export function createSecurityGroupHandlers(deps: SecurityGroupDeps) {
  const { db, now } = deps;
  const at = () => new Date(now());

  const handlers: { [K in SecurityGroupRouteName]: Handler<K> } = {
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

    listSecurityGroups({ user }) {
      requireOrgAdministrator(db, user.id);
      const grants = new Map<string, string[]>();
      for (const row of queryAll<{ group_id: string; permission_key: string }>(
        db,
        GROUP_SQL.grantsOfOrganisation,
        user.org_id,
      )) {
        const list = grants.get(row.group_id) ?? [];
        list.push(row.permission_key);
        grants.set(row.group_id, list);
      }
      const rows = queryAll<GroupRow & { member_count: number }>(db, GROUP_SQL.groupsOfOrganisation, user.org_id);
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          permissions: sortPermissionKeys(grants.get(row.id) ?? []),
          memberCount: row.member_count,
        })),
      };
    },

    listGroupMembers({ params, query, user }) {
      requireOrgAdministrator(db, user.id);
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      const search = searchParams(query.q);
      const rows = queryAll<{ user_id: string; name: string; email: string; added_at: string }>(
        db,
        GROUP_SQL.memberPage,
        group.id,
        ...search,
        query.limit,
        query.offset,
      );
      const total =
        search[0] === ''
          ? memberCount(db, group.id)
          : (queryOne<{ n: number }>(db, GROUP_SQL.memberPageTotal, group.id, ...search)?.n ?? 0);
      return {
        items: rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, addedAt: row.added_at })),
        total,
        offset: query.offset,
        memberCount: search[0] === '' ? total : memberCount(db, group.id),
      };
    },

    addGroupMember({ params, body, user }) {
      requireOrgAdministrator(db, user.id);
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      const target = userOfOrganisation(db, body.userId, user.org_id);
      const result = addGroupMember(db, group, target, { userId: user.id, at: at(), via: 'single' });
      return {
        outcome: result.added ? 'added' : 'already_member',
        member: result.member,
        memberCount: result.memberCount,
      };
    },

    removeGroupMembers({ params, body, user }) {
      requireOrgAdministrator(db, user.id);
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      return removeGroupMembers(db, group, body.userIds, { userId: user.id, at: at() });
    },

    bulkAddGroupMembers({ params, body, user }) {
      requireOrgAdministrator(db, user.id);
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      return bulkAddGroupMembers(db, group, body.entries, { userId: user.id, at: at(), via: 'bulk' });
    },

    searchUsers({ query, user }) {
      requireOrgAdministrator(db, user.id);
      ensureUserSortKeys(db);
      const rows = queryAll<OrgUserRow>(db, GROUP_SQL.searchUsers, user.org_id, ...searchParams(query.q), query.limit);
      return { items: rows.map(orgUser) };
    },

    userPermissions({ params, user }) {
      if (params.userId !== user.id) requireOrgAdministrator(db, user.id);
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
      requireOrgAdministrator(db, user.id);
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

    supportCreateSecurityGroup({ body }) {
      const group = transaction(db, () =>
        createGroupInTransaction(
          db,
          { orgId: body.orgId, name: body.name, permissions: body.permissions },
          at(),
          'support-api',
        ),
      );
      return toSupportGroup(db, group);
    },

    supportUpdateSecurityGroup({ params, body }) {
      const group = transaction(db, () => updateGroupInTransaction(db, params.groupId, body, at(), 'support-api'));
      return toSupportGroup(db, group);
    },
  };

  return { ...handlers, ...createFeatureHandlers({ db, now }) };
}
