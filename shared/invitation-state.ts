/**
 * Whether an invitation's code still works: one rule for the invitation
 * pipeline (server) and the member table (renderer). Plain data, no
 * dependencies, so the member table does not load the invitation schemas
 * (and with them the phone metadata) to apply it.
 */
import type { Member } from './api/schemas.ts';

/** `pending`: the code works; `expired`: it expired (or there never was one on record) — a re-send makes a new one. */
export const INVITATION_STATES = ['pending', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** An invitation is pending while its code has an expiry (ms) still ahead of `now`. */
export function invitationState(expiresAt: number | null, now: number): InvitationState {
  return expiresAt !== null && expiresAt > now ? 'pending' : 'expired';
}

/** What the member table and its export show as a member's status: an invitation whose code no longer works is `expired`. */
export type MemberStatusShown = Member['status'] | 'expired';

export function memberStatusShown(member: Member, now = Date.now()): MemberStatusShown {
  if (member.status !== 'invited') return member.status;
  const expiresAt = member.invitationExpiresAt === null ? null : Date.parse(member.invitationExpiresAt);
  return invitationState(expiresAt, now) === 'expired' ? 'expired' : 'invited';
}
