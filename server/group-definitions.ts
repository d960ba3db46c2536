/**
 * Security-group definitions: which groups an organisation has and what
 * they grant. Defined by the provider's support staff only (config file,
 * support CLI or the X-Support-Token routes), never by organisation
 * administrators; every change is audited with its source.
 */
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { GroupName, KnownPermissionKey } from '../shared/api/groups.ts';
import { Id } from '../shared/api/schemas.ts';
import { caselessKey } from '../shared/text.ts';
import { Email } from '../shared/validation.ts';
import { writeAudit } from './audit.ts';
import { newId, queryAll, queryOne, statement } from './db.ts';
import {
  GROUP_SQL,
  addMemberInTransaction,
  grantsOf,
  sortPermissionKeys,
  type GroupRow,
  type MembershipActor,
  type OrgUserRow,
} from './groups.ts';
import { HttpError } from './http.ts';

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

/**
 * The organisation's group of that name, regardless of case ("Developers" =
 * "DEVELOPERS"). In code, not SQL: SQLite folds ASCII only. Organisations have
 * a handful of groups.
 */
export function groupNamed(db: DatabaseSync, orgId: string, name: string): { id: string; name: string } | undefined {
  const key = caselessKey(name);
  return queryAll<{ id: string; name: string }>(db, GROUP_SQL.groupNames, orgId).find(
    (group) => caselessKey(group.name) === key,
  );
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
  if (groupNamed(db, definition.orgId, definition.name)) {
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
    const clash = groupNamed(db, group.org_id, name);
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
    name: GroupName,
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
          if (new Set(names.map(caselessKey)).size !== names.length) {
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
      const existingId = definition.id ?? groupNamed(db, org.orgId, definition.name)?.id;
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
