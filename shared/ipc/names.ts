/**
 * The contract's channel and event names and nothing else: what the
 * sandboxed preload checks a call against without bundling zod, the schemas
 * or the phone metadata. contract.ts fails to compile unless these are
 * exactly the keys of its `channels` and `events`.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'app:openLogsFolder',
  'clipboard:writeText',
  'notices:take',
  'deepLink:take',
  'session:get',
  'session:signIn',
  'session:signOut',
  'settings:get',
  'settings:update',
  'policy:get',
  'session:activity',
  'update:status',
  'update:check',
  'update:restart',
  'safes:list',
  'sync:status',
  'sync:now',
  'sync:acknowledge',
  'sync:networkBack',
  'members:list',
  'members:invite',
  'members:resend',
  'members:revoke',
  'members:changeRole',
  'members:remove',
  'members:get',
  'members:audit',
  'permissions:catalogue',
  'permissions:matrix',
  'groups:list',
  'groups:members',
  'groups:addMember',
  'groups:removeMembers',
  'groups:bulkAdd',
  'users:search',
  'users:permissions',
  // activity and CSV export
  'activity:safe',
  'activity:groups',
  'export:start',
  'export:cancel',
  // pipeline: bulk invite, invitations, undo (shared/ipc/pipeline.ts)
  'invitations:bulkInvite',
  'invitations:list',
  'invitations:resend',
  'invitations:revoke',
  'members:undo',
  'groups:restoreMembers',
] as const;

export const EVENT_NAMES = [
  'session:changed',
  'sync:changed',
  'settings:changed',
  'policy:changed',
  'update:changed',
  'deepLink:changed',
  'app:command',
  'export:changed',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventNameOnly = (typeof EVENT_NAMES)[number];

const channelSet: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && channelSet.has(value);
}

export function isEventName(value: unknown): value is EventNameOnly {
  return typeof value === 'string' && eventSet.has(value);
}
