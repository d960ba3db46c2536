/**
 * The features security groups guard, kept minimal: each route declares its
 * feature permission in the shared table (the router answers 403
 * `permission_required`, naming the key, before the handler runs), and each
 * handler records what it did in the audit log.
 *
 * | endpoint                    | permission                                   |
 * | --------------------------- | -------------------------------------------- |
 * | POST /team-safes            | workspaceOwnership                           |
 * | POST /api-keys              | apiKeys                                      |
 * | POST /trusted-devices       | trustedDeviceKeys                            |
 * | POST /dropzones             | dropzoneOwnership                            |
 * | PATCH /dropzones/{id}       | dropzoneManager.configure (or its parent)    |
 */
import { randomBytes } from 'node:crypto';
import { isLanguage } from '../../shared/languages.ts';
import type { Dropzone } from '../../shared/api/groups.ts';
import { writeAudit } from '../audit.ts';
import { hashToken, nameSortKey, newId, queryOne, statement, transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';

export type FeatureRouteName =
  'createTeamSafe' | 'createApiKey' | 'registerTrustedDevice' | 'createDropzone' | 'updateDropzone';

interface DropzoneRow {
  id: string;
  org_id: string;
  owner_user_id: string | null;
  name: string;
  active: number;
  created_at: string;
  updated_at: string;
}

const toDropzone = (row: DropzoneRow): Dropzone => ({
  id: row.id,
  name: row.name,
  ownerUserId: row.owner_user_id,
  active: row.active === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** API keys carry a recognisable prefix, so leaked ones are easy to find. */
export const API_KEY_PREFIX = 'tsa_';

export function featureHandlers(deps: HandlerDeps): HandlerMap<FeatureRouteName> {
  const { db, now } = deps;

  return {
    createTeamSafe({ body, user }) {
      const at = new Date(now());
      const iso = at.toISOString();
      const safeId = `safe-${newId()}`;
      const language = isLanguage(user.language) ? user.language : 'en';
      transaction(db, () => {
        statement(db, 'INSERT INTO team_safes (id, org_id, name, member_limit, created_at) VALUES (?, ?, ?, ?, ?)').run(
          safeId,
          user.org_id,
          body.name,
          body.memberLimit,
          iso,
        );
        const memberId = `m-${newId()}`;
        statement(
          db,
          `INSERT INTO safe_members
             (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at, activated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'administrator', 'activated', ?, ?, ?)`,
        ).run(memberId, safeId, user.id, user.name, nameSortKey(user.name), user.email, language, iso, iso);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: user.org_id,
            action: 'safe.created',
            targetType: 'safe',
            targetId: safeId,
            safeId,
            before: null,
            after: { name: body.name, memberLimit: body.memberLimit, owner: user.id },
          },
          at,
        );
      });
      return { id: safeId, name: body.name, memberCount: 1, memberLimit: body.memberLimit, myRole: 'administrator' };
    },

    createApiKey({ body, user }) {
      const at = new Date(now());
      const id = `key-${newId()}`;
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      transaction(db, () => {
        statement(
          db,
          'INSERT INTO api_keys (id, org_id, user_id, label, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(id, user.org_id, user.id, body.label, hashToken(key), at.toISOString());
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: user.org_id,
            action: 'apiKey.created',
            targetType: 'user',
            targetId: user.id,
            before: null,
            after: { apiKeyId: id, label: body.label },
          },
          at,
        );
      });
      return { id, label: body.label, key, createdAt: at.toISOString() };
    },

    registerTrustedDevice({ body, user }) {
      const at = new Date(now());
      const id = `dev-${newId()}`;
      transaction(db, () => {
        statement(
          db,
          'INSERT INTO trusted_devices (id, org_id, user_id, name, public_key, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(id, user.org_id, user.id, body.name, body.publicKey, at.toISOString());
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: user.org_id,
            action: 'trustedDevice.registered',
            targetType: 'user',
            targetId: user.id,
            before: null,
            after: { deviceId: id, name: body.name },
          },
          at,
        );
      });
      return { id, name: body.name, createdAt: at.toISOString() };
    },

    createDropzone({ body, user }) {
      const at = new Date(now()).toISOString();
      const row: DropzoneRow = {
        id: `dz-${newId()}`,
        org_id: user.org_id,
        owner_user_id: user.id,
        name: body.name,
        active: 1,
        created_at: at,
        updated_at: at,
      };
      transaction(db, () => {
        statement(
          db,
          `INSERT INTO dropzones (id, org_id, owner_user_id, name, active, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(row.id, row.org_id, row.owner_user_id, row.name, row.active, row.created_at, row.updated_at);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: user.org_id,
            action: 'dropzone.created',
            targetType: 'dropzone',
            targetId: row.id,
            before: null,
            after: toDropzone(row),
          },
          new Date(at),
        );
      });
      return toDropzone(row);
    },

    updateDropzone({ params, body, user }) {
      // the route's permission is checked first: a caller without it learns nothing about which dropzones exist
      const at = new Date(now());
      return transaction(db, () => {
        const row = queryOne<DropzoneRow>(db, 'SELECT * FROM dropzones WHERE id = ?', params.dropzoneId);
        if (!row || row.org_id !== user.org_id) throw new HttpError(404, 'not_found', 'No such dropzone.');
        const updated: DropzoneRow = {
          ...row,
          name: body.name ?? row.name,
          active: body.active === undefined ? row.active : body.active ? 1 : 0,
          updated_at: at.toISOString(),
        };
        statement(db, 'UPDATE dropzones SET name = ?, active = ?, updated_at = ? WHERE id = ?').run(
          updated.name,
          updated.active,
          updated.updated_at,
          row.id,
        );
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: user.org_id,
            action: 'dropzone.configured',
            targetType: 'dropzone',
            targetId: row.id,
            before: toDropzone(row),
            after: toDropzone(updated),
          },
          at,
        );
        return toDropzone(updated);
      });
    },
  };
}
