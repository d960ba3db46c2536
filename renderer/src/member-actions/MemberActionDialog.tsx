import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { InvitationResult } from '../../../shared/api/members.ts';
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import type { RoleKey } from '../../../shared/catalog/roles.ts';
import type { AppErrorShape, Result } from '../../../shared/errors.ts';
import { useAppStore } from '../store/index.ts';
import { isOutdated } from '../store/memberActions.ts';
import { Modal } from '../app/Modal.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { RoleOptions } from '../invite/RoleOptions.tsx';
import { lazyPart } from '../app/LazyPart.tsx';
import type { MemberActionKind } from './RowActionsMenu.tsx';
import { detach } from '../detach.ts';
import './member-actions.css';

// It formats phone numbers with the full phone metadata: loaded only when a re-send has a result to show.
const SecurityCodeResult = lazyPart(
  () => import('../invite/SecurityCodeResult.tsx'),
  (module) => module.SecurityCodeResult,
  'inline',
);

export interface MemberAction {
  kind: MemberActionKind;
  member: Member;
}

/** What the member panel announces once a dialog is done. */
export interface ActionOutcome {
  tone: 'success' | 'warning';
  text: string;
}

/**
 * The dialog behind one row action: change role, re-send (then the new
 * code, once), revoke, remove. Each names the person; each sends the
 * version of the row the admin saw.
 */
export function MemberActionDialog({
  safe,
  action,
  onClose,
  fallbackFocus,
}: {
  safe: TeamSafe;
  action: MemberAction;
  onClose: (outcome?: ActionOutcome) => void;
  fallbackFocus: () => HTMLElement | null;
}) {
  const { t } = useTranslation();
  const baseId = useId();
  const titleId = `${baseId}-title`;
  const bodyId = `${baseId}-body`;
  const { member, kind } = action;
  const store = useAppStore(
    useShallow((state) => ({
      changeMemberRole: state.changeMemberRole,
      resendInvitation: state.resendInvitation,
      revokeInvitation: state.revokeInvitation,
      removeMember: state.removeMember,
    })),
  );
  const [role, setRole] = useState<RoleKey>(member.role);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [resent, setResent] = useState<InvitationResult | null>(null);
  const name = member.name;

  const settle = <T,>(outcome: Result<T>, success: (value: T) => ActionOutcome | null) => {
    setPending(false);
    if (outcome.ok) {
      const done = success(outcome.value);
      if (done) onClose(done);
      return;
    }
    // The row was out of date; the slice has already reloaded the list.
    if (isOutdated(outcome.error)) {
      onClose({ tone: 'warning', text: t('memberActions.changedElsewhere', { name }) });
      return;
    }
    setError(outcome.error);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setError(null);
    if (kind === 'changeRole') {
      if (role === member.role) {
        onClose();
        return;
      }
      setPending(true);
      settle(await store.changeMemberRole(safe.id, member, role), (changed) => ({
        tone: 'success',
        text: t('memberActions.done.roleChanged', { name, role: t(`roles.${changed.role}`) }),
      }));
    } else if (kind === 'resend') {
      setPending(true);
      settle(await store.resendInvitation(safe.id, member), (result) => {
        setResent(result);
        return null;
      });
    } else if (kind === 'revoke') {
      setPending(true);
      settle(await store.revokeInvitation(safe.id, member), () => ({
        tone: 'success',
        text: t('memberActions.done.revoked', { name }),
      }));
    } else {
      setPending(true);
      settle(await store.removeMember(safe.id, member), () => ({
        tone: 'success',
        text: t('memberActions.done.removed', { name }),
      }));
    }
  };

  const onEscape = () => {
    if (pending) return;
    onClose(resent ? { tone: 'success', text: t('memberActions.done.resent', { name }) } : undefined);
  };

  if (resent) {
    return (
      <Modal labelledBy={titleId} onEscape={onEscape} fallbackFocus={fallbackFocus} testId="member-action-dialog">
        <div className="modal__header">
          <h2 className="modal__title" id={titleId}>
            {t('memberActions.resentTitle', { name })}
          </h2>
        </div>
        <div className="modal__body">
          <SecurityCodeResult result={resent} name={name} />
        </div>
        <div className="modal__footer">
          <button type="button" className="button button--primary" onClick={onEscape}>
            {t('memberActions.close')}
          </button>
        </div>
      </Modal>
    );
  }

  const danger = kind === 'remove' || kind === 'revoke';
  const title = t(`memberActions.${kind}Title`, { name, safe: safe.name });
  const confirm = t(`memberActions.${kind}Confirm`);

  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      role={danger ? 'alertdialog' : 'dialog'}
      onEscape={onEscape}
      fallbackFocus={fallbackFocus}
      className={kind === 'changeRole' ? 'modal--role' : 'modal--small'}
      testId="member-action-dialog"
    >
      <form className="modal__form" noValidate onSubmit={(event) => detach(onSubmit(event))}>
        <div className="modal__header">
          <h2 className="modal__title" id={titleId}>
            {title}
          </h2>
        </div>
        <div className="modal__body">
          {kind === 'changeRole' ? (
            <>
              <p id={bodyId}>{t('memberActions.changeRoleBody', { name, email: member.email })}</p>
              <RoleOptions
                name={`${baseId}-role`}
                value={role}
                onChange={(next) => {
                  setRole(next);
                  setError(null);
                }}
                labelledBy={titleId}
                current={member.role}
              />
            </>
          ) : (
            <p id={bodyId}>{t(`memberActions.${kind}Body`, { name, email: member.email, safe: safe.name })}</p>
          )}
          <FormAlert error={error} testId="member-action-error" />
        </div>
        <DialogFooter
          cancel={{ label: t('memberActions.cancel'), onClick: onEscape, disabled: pending }}
          action={
            <BusyButton
              label={confirm}
              busyLabel={t('memberActions.working')}
              busy={pending}
              tone={danger ? 'danger' : 'primary'}
            />
          }
        />
      </form>
    </Modal>
  );
}
