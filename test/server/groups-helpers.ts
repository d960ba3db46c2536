/** Shared set-up for the security-group server tests. */
import { routes, routePath } from '../../shared/api/routes.ts';
import { startSeededServer, type SeededServer, type SeededServerOptions } from '../helpers/server.ts';
import { call, request, signIn, type Answer } from './request.ts';

export const SUPPORT_TOKEN = 'support-staff-secret-for-tests-0123';
export const ORG = 'org-helvetia';

export const GROUPS = {
  workspaceOwners: 'sg-workspace-owners',
  dropzoneTeam: 'sg-dropzone-team',
  developers: 'sg-developers',
  deviceAdmins: 'sg-device-admins',
} as const;

export interface GroupTestServer {
  server: SeededServer;
  /** Anna (organisation administrator), Luca (Developers + Dropzone Team), Sophie (no group). */
  tokens: { admin: string; luca: string; sophie: string };
}

export async function startGroupServer(options: SeededServerOptions = {}): Promise<GroupTestServer> {
  const server = await startSeededServer({ supportToken: SUPPORT_TOKEN, ...options });
  const { admin, safeAdmin, plainUser } = server.accounts;
  const [a, l, s] = await Promise.all([
    signIn(server.url, admin.email, admin.password),
    signIn(server.url, safeAdmin.email, safeAdmin.password),
    signIn(server.url, plainUser.email, plainUser.password),
  ]);
  return { server, tokens: { admin: a.accessToken, luca: l.accessToken, sophie: s.accessToken } };
}

export function support(
  server: SeededServer,
  name: 'supportCreateSecurityGroup' | 'supportUpdateSecurityGroup',
  input: { params?: Record<string, string>; body: unknown; headers?: Record<string, string> },
): Promise<Answer> {
  const route = routes[name];
  return request(server.url, routePath(route.path, input.params), {
    method: route.method,
    body: input.body,
    headers: input.headers ?? { 'x-support-token': SUPPORT_TOKEN },
  });
}

export async function memberCount(server: SeededServer, token: string, groupId: string): Promise<number> {
  const answer = await call(server.url, 'listSecurityGroups', { token });
  if (answer.status !== 200) throw new Error(`listSecurityGroups: ${answer.status} ${answer.text}`);
  const group = routes.listSecurityGroups.response.parse(answer.json).items.find((g) => g.id === groupId);
  if (!group) throw new Error(`no group ${groupId}`);
  return group.memberCount;
}

/** Members straight from the database, for cross-checks. */
export function memberRows(server: SeededServer, groupId: string): string[] {
  return (
    server.db
      .prepare('SELECT user_id FROM security_group_members WHERE group_id = ? ORDER BY user_id')
      .all(groupId) as { user_id: string }[]
  ).map((row) => row.user_id);
}

export function auditCount(server: SeededServer, action?: string): number {
  const row = server.db
    .prepare('SELECT COUNT(*) AS n FROM audit_log WHERE (? IS NULL OR action = ?)')
    .get(action ?? null, action ?? null) as { n: number };
  return row.n;
}
