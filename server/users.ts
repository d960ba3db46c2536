/**
 * Registered users of an organisation: the rows the router identifies a
 * caller by, and the one definition of "organisation administrator".
 */
import type { DatabaseSync } from 'node:sqlite';
import type { User } from '../shared/api/schemas.ts';
import { isLanguage } from '../shared/languages.ts';
import { queryOne } from './db.ts';

/** A signed-in user as the handlers see them (never the password hash). */
export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  language: string;
}

export const USER_SQL = {
  byId: 'SELECT id, org_id, email, name, language FROM users WHERE id = ?',
  credentialsByEmail: 'SELECT id, org_id, email, name, language, password_hash FROM users WHERE email = ?',
  isOrgAdministrator: "SELECT 1 AS one FROM users WHERE id = ? AND org_role = 'administrator'",
} as const;

export function findUser(db: DatabaseSync, id: string): UserRow | undefined {
  return queryOne<UserRow>(db, USER_SQL.byId, id);
}

/** The account behind an e-mail address, with its password hash (for signing in only). */
export function findCredentials(
  db: DatabaseSync,
  email: string,
): (UserRow & { password_hash: string | null }) | undefined {
  return queryOne<UserRow & { password_hash: string | null }>(db, USER_SQL.credentialsByEmail, email);
}

export function isOrgAdministrator(db: DatabaseSync, userId: string): boolean {
  return queryOne(db, USER_SQL.isOrgAdministrator, userId) !== undefined;
}

/** The wire form of a user. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    language: isLanguage(row.language) ? row.language : 'en',
  };
}
