/**
 * Bad and hostile input at the IPC boundary (what a compromised or buggy
 * renderer could send main): each case is one call into the real
 * dispatcher and the error it must get — never a crash, never `internal`.
 */
import type { ErrorCode, FieldErrorCode } from '../../shared/errors.ts';

export interface IpcCase {
  name: string;
  channel: unknown;
  payload: unknown;
  /** Signed in first (data channels). */
  signedIn?: boolean;
  code: ErrorCode;
  field?: [string, FieldErrorCode];
}

const invitation = (overrides: Record<string, unknown>) => ({
  safeId: 'ts-anything',
  requestId: 'request-0001',
  invitation: {
    name: 'Mia Keller',
    email: 'mia@example.com',
    role: 'viewer',
    language: 'de',
    codeDelivery: 'display',
    ...overrides,
  },
});

export const IPC_CASES: IpcCase[] = [
  { name: 'a channel that does not exist', channel: 'shell:exec', payload: {}, code: 'unknown_channel' },
  { name: 'a channel that is not a string', channel: { toString: 'app:info' }, payload: {}, code: 'unknown_channel' },
  { name: 'a prototype key as channel', channel: '__proto__', payload: {}, code: 'unknown_channel' },
  { name: 'a payload that is not an object', channel: 'session:get', payload: 'all', code: 'invalid_payload' },
  {
    name: 'an extra field on an empty request',
    channel: 'sync:now',
    payload: { force: true },
    code: 'invalid_payload',
  },
  {
    name: 'a prototype-polluting payload',
    channel: 'settings:update',
    payload: JSON.parse('{"__proto__": {"admin": true}}'),
    code: 'invalid_payload',
  },
  {
    name: 'a server address that is not one',
    channel: 'session:signIn',
    payload: { serverUrl: 'ftp://safe.example.com', email: 'a@example.com', password: 'x' },
    code: 'invalid_payload',
    field: ['serverUrl', 'invalid_server_url'],
  },
  {
    name: 'plain http to a remote server',
    channel: 'session:signIn',
    payload: { serverUrl: 'http://safe.example.com', email: 'a@example.com', password: 'x' },
    code: 'invalid_payload',
    field: ['serverUrl', 'insecure_server_url'],
  },
  {
    name: 'an empty server address',
    channel: 'session:signIn',
    payload: { serverUrl: '', email: 'a@example.com', password: 'x' },
    code: 'invalid_payload',
    field: ['serverUrl', 'required'],
  },
  {
    name: 'a server address with credentials in it',
    channel: 'session:signIn',
    payload: { serverUrl: 'https://user:pw@safe.example.com', email: 'a@example.com', password: 'x' },
    code: 'invalid_payload',
    field: ['serverUrl', 'invalid_server_url'],
  },
  {
    name: 'a malformed e-mail at sign-in',
    channel: 'session:signIn',
    payload: { serverUrl: 'https://safe.example.com', email: 'a@@example.com', password: 'x' },
    code: 'invalid_payload',
    field: ['email', 'invalid_email'],
  },
  {
    name: 'an empty password',
    channel: 'session:signIn',
    payload: { serverUrl: 'https://safe.example.com', email: 'a@example.com', password: '' },
    code: 'invalid_payload',
    field: ['password', 'required'],
  },
  {
    name: 'a password of a megabyte',
    channel: 'session:signIn',
    payload: { serverUrl: 'https://safe.example.com', email: 'a@example.com', password: 'x'.repeat(1_000_000) },
    code: 'invalid_payload',
    field: ['password', 'too_long'],
  },
  {
    name: 'member data without a session',
    channel: 'members:list',
    payload: { safeId: 'ts-anything', status: 'all', offset: 0, limit: 10 },
    code: 'not_signed_in',
  },
  {
    name: 'a negative offset',
    channel: 'members:list',
    payload: { safeId: 'ts-anything', status: 'all', offset: -1, limit: 10 },
    code: 'invalid_payload',
  },
  {
    name: 'a safe id with a path in it',
    channel: 'members:list',
    payload: { safeId: '../../etc/passwd', status: 'all', offset: 0, limit: 10 },
    code: 'invalid_payload',
  },
  {
    name: 'a request id too short to be unique',
    channel: 'members:invite',
    payload: { ...invitation({}), requestId: 'a' },
    code: 'invalid_payload',
  },
  {
    name: 'a name with a bidi isolate in an invitation',
    channel: 'members:invite',
    payload: invitation({ name: 'Mia \u2067Keller' }),
    code: 'invalid_payload',
    field: ['invitation.name', 'invalid_characters'],
  },
  {
    name: 'an invitation with an unknown field',
    channel: 'members:invite',
    payload: invitation({ admin: true }),
    code: 'invalid_payload',
  },
  {
    name: 'SMS to a fixed-line number, checked in main too',
    channel: 'members:invite',
    payload: invitation({ codeDelivery: 'sms', mobile: { country: 'CH', number: '044 668 18 00' } }),
    code: 'invalid_payload',
    field: ['invitation.mobile.number', 'not_mobile'],
  },
  {
    name: 'a version of 0',
    channel: 'members:changeRole',
    payload: { safeId: 'ts-a', memberId: 'm-a', version: 0, role: 'editor' },
    code: 'invalid_payload',
  },
  {
    name: 'a role that is not one',
    channel: 'members:changeRole',
    payload: { safeId: 'ts-a', memberId: 'm-a', version: 1, role: 'root' },
    code: 'invalid_payload',
  },
  {
    name: 'an offline age of 0 days',
    channel: 'settings:update',
    payload: { cacheMaxAgeDays: 0 },
    code: 'invalid_payload',
  },
  { name: 'an unknown language', channel: 'settings:update', payload: { language: 'tlh' }, code: 'invalid_payload' },
  {
    name: 'a clipboard text of 100 KiB',
    channel: 'clipboard:writeText',
    payload: { text: 'x'.repeat(100 * 1024), sensitive: false },
    code: 'invalid_payload',
    field: ['text', 'too_long'],
  },
  {
    name: 'a bulk paste over 60 000 characters',
    channel: 'groups:bulkAdd',
    payload: { groupId: 'sg-developers', entries: 'a@b.ch, '.repeat(10_000) },
    code: 'invalid_payload',
    field: ['entries', 'too_long'],
  },
  {
    name: 'removing nobody',
    channel: 'groups:removeMembers',
    payload: { groupId: 'sg-a', userIds: [] },
    code: 'invalid_payload',
  },
  {
    name: 'a user search of 1000 characters',
    channel: 'users:search',
    payload: { q: 'x'.repeat(1000), limit: 10 },
    code: 'invalid_payload',
    field: ['q', 'too_long'],
  },
  // activity and CSV export
  {
    name: 'an activity cursor that is not one',
    channel: 'activity:safe',
    payload: { safeId: 'ts-a', cursor: "1' OR 1=1", limit: 50 },
    code: 'invalid_payload',
    field: ['cursor', 'invalid_value'],
  },
  {
    name: 'an activity action nobody audits',
    channel: 'activity:groups',
    payload: { action: 'org.deleted', limit: 50 },
    code: 'invalid_payload',
    field: ['action', 'invalid_value'],
  },
  {
    name: 'an export that names where to write',
    channel: 'export:start',
    payload: {
      exportId: 'export-0001',
      subject: { kind: 'members', safeId: 'ts-a', status: 'all' },
      machineHeaders: false,
      path: '/etc/cron.d/evil',
    },
    code: 'invalid_payload',
  },
  {
    name: 'an export of something that cannot be exported',
    channel: 'export:start',
    payload: { exportId: 'export-0002', subject: { kind: 'passwords' }, machineHeaders: false },
    code: 'invalid_payload',
  },
];
