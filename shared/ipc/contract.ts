/**
 * The one IPC contract between renderer and main. Each channel names its
 * request and response schema; the preload, the main-process dispatcher and
 * the preview host all derive from this map, and no channel string is
 * written anywhere else.
 */
import { z } from 'zod';
import {
  Member,
  MemberPage,
  MemberStatusFilter,
  MEMBER_PAGE_MAX,
  Role,
  TeamSafe,
  TeamSafeList,
  User,
  Id,
} from '../api/schemas.ts';
import {
  AuditPage,
  InvitationResult,
  MEMBER_SEARCH_MAX,
  MemberSort,
  STRICT_INVITATION_FIELDS,
  SortDirection,
  checkMobile,
} from '../api/members.ts';
import {
  AddGroupMemberResult,
  BulkAddResult,
  GroupMemberPage,
  KnownPermissionKey,
  PAGE_MAX,
  PermissionCatalogue,
  PermissionMatrix,
  REMOVE_LIMIT,
  RemoveGroupMembersResult,
  SecurityGroupList,
  USER_SEARCH_MAX,
  UserPermissions,
  UserSearchResult,
} from '../api/groups.ts';
import type { Result } from '../errors.ts';
import { BULK_TEXT_MAX } from '../limits.ts';
import { SignInRequest } from '../validation.ts';
import { PolicySnapshot, Settings, UpdateRestart, UpdateStatus, UserSettings } from './managed.ts';
import { CHANNEL_NAMES, EVENT_NAMES, isChannel, isEventName, type ChannelName, type EventNameOnly } from './names.ts';
import { pipelineChannels } from './pipeline.ts';
import { AppInfo, ClipboardWrite, ClipboardWritten, DeepLink, ShellCommandPush, ShellNotice } from './shell.ts';
import {
  ActivityPage,
  ExportCancel,
  ExportProgress,
  ExportRequest,
  ExportResult,
  GroupActivityFilters,
  SafeActivityFilters,
} from './activity.ts';

const Empty = z.object({}).strict();
const Search = z.string().trim().max(MEMBER_SEARCH_MAX, { error: 'too_long' });
/** The version the admin saw: a stale one gets `precondition_failed` instead of overwriting. */
const MemberRef = { safeId: Id, memberId: Id, version: z.number().int().positive() };

/**
 * The wizard's answers, as the renderer sends them: the invitation's fields
 * and mobile rule (shared/api/members.ts), strict. Main checks them exactly
 * as the server will, and problems carry the same paths (under `invitation.`).
 */
export const InvitationDraft = z.strictObject(STRICT_INVITATION_FIELDS).superRefine((value, ctx) => {
  checkMobile(value, ctx);
});
export type InvitationDraft = z.input<typeof InvitationDraft>;

export { BULK_TEXT_MAX };

/** Error codes, translated on the sign-in screen. */
export const SignedOutProblem = z.enum(['keychain_unavailable', 'idle_signed_out', 'server_policy_changed']);
export type SignedOutProblem = z.infer<typeof SignedOutProblem>;

export const SessionState = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('signedOut'),
    serverUrl: z.string(),
    email: z.string().optional(),
    /** Why the sign-in screen shows: a remembered session not restored (keychain), or one ended for the user. */
    problem: SignedOutProblem.optional(),
  }),
  z.object({ status: z.literal('signedIn'), serverUrl: z.string(), user: User }),
]);
export type SessionState = z.infer<typeof SessionState>;

export const ChangeReport = z.object({
  safeId: Id,
  safeName: z.string(),
  joined: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
});
export type ChangeReport = z.infer<typeof ChangeReport>;

/** A safe whose members changed, as it is now: the renderer updates it in place and re-reads its members. */
export const SafeUpdate = z.object({
  safeId: Id,
  /** Name, member count and limit, my role; absent when it could not be read. */
  safe: TeamSafe.optional(),
  /** Every member is an Archivist (the safe qualifies as a digital archive); absent when unknown. */
  digitalArchive: z.boolean().optional(),
});
export type SafeUpdate = z.infer<typeof SafeUpdate>;

export const SyncStatus = z.object({
  mode: z.enum(['online', 'offline']),
  /** When the data shown was last synced (ISO 8601), if ever. */
  lastSyncedAt: z.string().nullable(),
  /** Each safe with an offline copy young enough to be shown, and its age. */
  safes: z.array(z.object({ safeId: Id, name: z.string(), syncedAt: z.string() })),
  /** What changed while the app was offline, reported once after reconnecting. */
  report: z.array(ChangeReport),
  /** Goes up by one with every push that brings changes. */
  revision: z.number().int().nonnegative(),
  /** What `revision` changed: the safes to update in place, and whether the safe list itself changed. */
  changed: z.object({ safeList: z.boolean(), safes: z.array(SafeUpdate) }),
  /**
   * `cache_discarded`: a damaged offline copy was discarded and is being rebuilt;
   * `cache_write_failed`: the disk refused a write, the app works from memory and writes the copy again later.
   */
  notice: z.enum(['cache_discarded', 'cache_write_failed']).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;
export { AppInfo, DeepLink, Settings, ShellNotice };

export const channels = {
  'app:info': { request: Empty, response: AppInfo },
  'app:openLogsFolder': { request: Empty, response: z.object({}) },
  'clipboard:writeText': { request: ClipboardWrite, response: ClipboardWritten },
  /** One-time notices for the user, handed over once. */
  'notices:take': { request: Empty, response: z.object({ notices: z.array(ShellNotice) }) },
  /** The deep link waiting to be opened, handed over once (after sign-in). */
  'deepLink:take': { request: Empty, response: z.object({ link: DeepLink.nullable() }) },
  'session:get': { request: Empty, response: SessionState },
  'session:signIn': { request: SignInRequest, response: SessionState },
  'session:signOut': { request: Empty, response: SessionState },
  'settings:get': { request: Empty, response: Settings },
  'settings:update': { request: UserSettings.partial().strict(), response: Settings },
  /** Machine policy as resolved now: every policy with its value and source, problems, sources read (About). */
  'policy:get': { request: Empty, response: PolicySnapshot },
  /** The user did something in the window (idle sign-out counts from the last one). */
  'session:activity': { request: Empty, response: z.object({}) },
  'update:status': { request: Empty, response: UpdateStatus },
  /** Check the feed now (when the mode allows it at all). */
  'update:check': { request: Empty, response: UpdateStatus },
  /** Quit and install a downloaded update (only when one is ready). */
  'update:restart': { request: Empty, response: UpdateRestart },
  'safes:list': { request: Empty, response: TeamSafeList },
  'sync:status': { request: Empty, response: SyncStatus },
  'sync:now': { request: Empty, response: SyncStatus },
  'sync:acknowledge': { request: Empty, response: SyncStatus },
  /** The window saw the network come back (`online` event): sync at once instead of waiting for the backoff. */
  'sync:networkBack': { request: Empty, response: z.object({}) },
  'members:list': {
    request: z
      .object({
        safeId: Id,
        status: MemberStatusFilter,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(MEMBER_PAGE_MAX),
        q: Search.optional(),
        sort: MemberSort.optional(),
        dir: SortDirection.optional(),
      })
      .strict(),
    response: MemberPage,
  },
  'members:invite': {
    request: z
      .object({
        safeId: Id,
        /** One per wizard submission: a retry of the same submission never invites twice. */
        requestId: z
          .string()
          .min(8)
          .max(128)
          .regex(/^[\x21-\x7e]+$/),
        invitation: InvitationDraft,
      })
      .strict(),
    response: InvitationResult,
  },
  'members:resend': { request: z.object(MemberRef).strict(), response: InvitationResult },
  'members:revoke': { request: z.object(MemberRef).strict(), response: z.object({}) },
  'members:changeRole': { request: z.object({ ...MemberRef, role: Role }).strict(), response: Member },
  'members:remove': { request: z.object(MemberRef).strict(), response: z.object({}) },
  'members:get': { request: z.object({ safeId: Id, memberId: Id }).strict(), response: Member },
  'members:audit': { request: z.object({ safeId: Id }).strict(), response: AuditPage },
  'permissions:catalogue': { request: Empty, response: PermissionCatalogue },
  'permissions:matrix': {
    request: z
      .object({
        q: Search.optional(),
        permission: KnownPermissionKey.optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(PAGE_MAX),
      })
      .strict(),
    response: PermissionMatrix,
  },
  'groups:list': { request: Empty, response: SecurityGroupList },
  'groups:members': {
    request: z
      .object({
        groupId: Id,
        q: Search.optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(PAGE_MAX),
      })
      .strict(),
    response: GroupMemberPage,
  },
  'groups:addMember': { request: z.object({ groupId: Id, userId: Id }).strict(), response: AddGroupMemberResult },
  'groups:removeMembers': {
    request: z.object({ groupId: Id, userIds: z.array(Id).min(1).max(REMOVE_LIMIT, { error: 'too_long' }) }).strict(),
    response: RemoveGroupMembersResult,
  },
  'groups:bulkAdd': {
    request: z
      .object({
        groupId: Id,
        entries: z.string().max(BULK_TEXT_MAX, { error: 'too_long' }),
        /** true: the server checks every entry and writes nothing (`would_add`). */
        dryRun: z.boolean().optional(),
      })
      .strict(),
    response: BulkAddResult,
  },
  'users:search': {
    request: z.object({ q: Search, limit: z.number().int().min(1).max(USER_SEARCH_MAX) }).strict(),
    response: UserSearchResult,
  },
  'users:permissions': { request: z.object({ userId: Id }).strict(), response: UserPermissions },
  // ---- activity and CSV export (shared/ipc/activity.ts)
  /** A safe's activity, newest first; offline from the copy, read-only (`savedAt` says when it was synced). */
  'activity:safe': { request: SafeActivityFilters, response: ActivityPage },
  /** The organisation's security-group history (organisation administrators; online only). */
  'activity:groups': { request: GroupActivityFilters, response: ActivityPage },
  /** Export a view as CSV: main writes it in chunks (progress in `export:changed`), to the file the admin picks. */
  'export:start': { request: ExportRequest, response: ExportResult },
  'export:cancel': { request: ExportCancel, response: z.object({}) },
  // ---- end of activity and CSV export
  // ---------------------------------------------------------------- pipeline: bulk invite, invitations, undo
  ...pipelineChannels,
} as const satisfies Record<`${string}:${string}`, { request: z.ZodType; response: z.ZodType }>;

/**
 * Pushes from main to the renderer. State is pushed as `domain:changed`.
 * The one push that carries an intent rather than state is `app:command`:
 * a native menu item the window must act on (Find, Invite, About, …). It
 * is named for what it is instead of posing as a state change, so the
 * constraint allows exactly these two forms.
 */
export const events = {
  'session:changed': SessionState,
  'sync:changed': SyncStatus,
  'settings:changed': Settings,
  'policy:changed': PolicySnapshot,
  'update:changed': UpdateStatus,
  'deepLink:changed': DeepLink,
  'app:command': ShellCommandPush,
  'export:changed': ExportProgress,
} as const satisfies Record<`${string}:changed` | 'app:command', z.ZodType>;

export type Channel = keyof typeof channels;
export type ChannelRequest<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<(typeof channels)[C]['response']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** Exactly the same set of names (a compile-time check, erased from the build). */
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelNamesMatch: SameNames<ChannelName, Channel> = true;
const _eventNamesMatch: SameNames<EventNameOnly, EventName> = true;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;
export const EVENTS: readonly EventName[] = EVENT_NAMES;
export { isChannel, isEventName };

/** What the preload exposes as `window.teamSafe` (and the preview host mimics). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Main-process handlers, one per channel, typed from the contract. */
export type Handlers = { [C in Channel]: (request: ParsedRequest<C>) => Promise<ChannelResponse<C>> };
