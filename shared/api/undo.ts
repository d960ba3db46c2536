/**
 * Wire schemas of undo. The client offers Undo for a few seconds
 * after a role change, a removal, a revoke or a group removal; the server
 * accepts an undo within UNDO_WINDOW_SECONDS of the change, from the
 * administrator who made it, when nobody changed the member (membership)
 * since. The rules, in full, are in server/undo.ts and the route summaries.
 */
import { z } from 'zod';
import { REMOVE_LIMIT } from './groups.ts';
import { Id, Member } from './schemas.ts';

/** How long after a change the server still undoes it (the client's toast shows for 10 s). */
export const UNDO_WINDOW_SECONDS = 30;

/** The changes a member undo reverses, by the audit action that recorded them. */
export const UNDOABLE_MEMBER_ACTIONS = ['member.roleChanged', 'member.removed', 'member.revoked'] as const;

export const UndoResult = z.object({
  /** What was undone. */
  undone: z.enum(UNDOABLE_MEMBER_ACTIONS),
  /** The member as it is now: the old role back, or back in the safe (same id, next version). */
  member: Member,
  /** The audit entry of the undo (`member.roleChangeUndone`, `member.restored`, `member.invitationRestored`). */
  entryId: z.number().int().positive(),
  /** The audit entry of the change it reversed. */
  undoes: z.number().int().positive(),
});
export type UndoResult = z.infer<typeof UndoResult>;

export const RestoreGroupMembersRequest = z.object({
  userIds: z.array(Id).min(1, { error: 'required' }).max(REMOVE_LIMIT, { error: 'invalid_value' }),
});

/**
 * - `restored`: back in the group, with the time they first joined;
 * - `precondition_failed`: someone changed this membership since (`member`: whether they are in the group now);
 * - `undo_expired`: the removal is older than the undo window;
 * - `undo_not_allowed`: the user's last change in this group is not a removal by the caller.
 */
export const RESTORE_OUTCOMES = ['restored', 'precondition_failed', 'undo_expired', 'undo_not_allowed'] as const;

export const RestoreGroupMembersResult = z.object({
  results: z.array(
    z.object({
      userId: Id,
      outcome: z.enum(RESTORE_OUTCOMES),
      /** For `precondition_failed`: whether the user is in the group now. */
      member: z.boolean().optional(),
    }),
  ),
  restored: z.number().int().nonnegative(),
  memberCount: z.number().int().nonnegative(),
});
export type RestoreGroupMembersResult = z.infer<typeof RestoreGroupMembersResult>;
