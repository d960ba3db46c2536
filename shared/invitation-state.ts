/**
 * Whether an invitation's code still works: one rule for the invitation
 * pipeline (server) and the member table (renderer). Plain data, no
 * dependencies, so the member table does not load the invitation schemas
 * (and with them the phone metadata) to apply it.
 */

/** `pending`: the code works; `expired`: it expired (or there never was one on record) — a re-send makes a new one. */
export const INVITATION_STATES = ['pending', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** An invitation is pending while its code has an expiry (ms) still ahead of `now`. */
export function invitationState(expiresAt: number | null, now: number): InvitationState {
  return expiresAt !== null && expiresAt > now ? 'pending' : 'expired';
}
