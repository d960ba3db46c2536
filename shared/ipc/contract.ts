/**
 * The one IPC contract between renderer and main. Each channel names its
 * request and response schema; the preload, the main-process dispatcher and
 * the preview host all derive from this map, and no channel string is
 * written anywhere else.
 */
import { z } from 'zod';
import { Language, MemberPage, MemberStatusFilter, MEMBER_PAGE_MAX, TeamSafeList, User, Id } from '../api/schemas.ts';
import type { AppErrorShape } from '../errors.ts';
import { Email, Password, ServerUrl } from '../validation.ts';

const Empty = z.object({}).strict();

export const SessionState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut'), serverUrl: z.string(), email: z.string().optional() }),
  z.object({ status: z.literal('signedIn'), serverUrl: z.string(), user: User }),
]);
export type SessionState = z.infer<typeof SessionState>;

export const Settings = z.object({
  /** Null until the user picks one; the UI then follows the OS locale. */
  language: Language.nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const AppInfo = z.object({
  version: z.string(),
  platform: z.string(),
  locale: z.string(),
});

export const channels = {
  'app:info': { request: Empty, response: AppInfo },
  'session:get': { request: Empty, response: SessionState },
  'session:signIn': {
    request: z.object({ serverUrl: ServerUrl, email: Email, password: Password }).strict(),
    response: SessionState,
  },
  'session:signOut': { request: Empty, response: SessionState },
  'settings:get': { request: Empty, response: Settings },
  'settings:update': { request: Settings.partial().strict(), response: Settings },
  'safes:list': { request: Empty, response: TeamSafeList },
  'members:list': {
    request: z
      .object({
        safeId: Id,
        status: MemberStatusFilter,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(MEMBER_PAGE_MAX),
      })
      .strict(),
    response: MemberPage,
  },
} as const satisfies Record<`${string}:${string}`, { request: z.ZodType; response: z.ZodType }>;

/** Pushes from main to the renderer: `domain:changed`. */
export const events = {
  'session:changed': SessionState,
} as const satisfies Record<`${string}:changed`, z.ZodType>;

export type Channel = keyof typeof channels;
export type ChannelRequest<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<(typeof channels)[C]['response']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const CHANNELS = Object.keys(channels) as Channel[];
export const EVENTS = Object.keys(events) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** What the preload exposes as `window.teamSafe` (and the preview host mimics). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<IpcResult<ChannelResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Main-process handlers, one per channel, typed from the contract. */
export type Handlers = { [C in Channel]: (request: ParsedRequest<C>) => Promise<ChannelResponse<C>> };
