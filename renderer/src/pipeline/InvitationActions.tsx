import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { PipelineInvitation } from '../../../shared/api/pipeline.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { Modal } from '../app/Modal.tsx';
import { detach } from '../detach.ts';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useAppStore } from '../store/index.ts';
import type { SelectedInvitation } from '../store/pipeline.ts';
import { CodesList, type ShownCode } from './CodesList.tsx';

export type Action = 'resend' | 'revoke';

export interface ActionOutcome {
  rows: { safeId: string; memberId: string; outcome: string; error?: unknown }[];
  codes: ShownCode[];
}

/** Asks before a bulk re-send or revoke of the selected invitations, then runs it once (one request id). */
export function ConfirmAction({
  action,
  selection,
  onClose,
}: {
  action: Action;
  selection: PipelineInvitation[];
  onClose: (outcome: ActionOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const { resend, revoke } = useAppStore(
    useShallow((state) => ({ resend: state.resendInvitations, revoke: state.revokeInvitations })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // One per submission: a retry of this one re-sends (or revokes) nothing twice.
  const [requestId] = useState(() => crypto.randomUUID());

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const items: SelectedInvitation[] = selection.map((item) => ({
      safeId: item.safeId,
      memberId: item.member.id,
      version: item.member.version,
    }));
    const byId = new Map(selection.map((item) => [item.member.id, item.member]));
    if (action === 'resend') {
      const result = await resend(requestId, items);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      const codes = result.value.results.flatMap((row) => {
        const code = row.invitation?.securityCode;
        const member = row.invitation?.member ?? byId.get(row.memberId);
        return code && member ? [{ name: member.name, email: member.email, code }] : [];
      });
      onClose({ rows: result.value.results, codes });
    } else {
      const names = new Map(selection.map((item) => [item.member.id, item.member.name]));
      const result = await revoke(requestId, items, names);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      onClose({ rows: result.value.results, codes: [] });
    }
  };

  const count = selection.length;
  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      role="alertdialog"
      onEscape={() => (busy ? undefined : onClose(null))}
      testId="invitations-confirm"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          detach(submit());
        }}
      >
        <div className="modal__header">
          <h2 id={titleId} className="modal__title">
            {t(action === 'resend' ? 'pipeline.invitations.resendTitle' : 'pipeline.invitations.revokeTitle', {
              count,
            })}
          </h2>
        </div>
        <div className="modal__body">
          <p id={bodyId}>
            {t(action === 'resend' ? 'pipeline.invitations.resendBody' : 'pipeline.invitations.revokeBody')}
          </p>
          <FormAlert error={error} testId="invitations-confirm-error" />
        </div>
        <DialogFooter
          cancel={{ label: t('pipeline.invitations.cancel'), onClick: () => onClose(null), disabled: busy }}
          action={
            <BusyButton
              label={t(action === 'resend' ? 'pipeline.invitations.resend' : 'pipeline.invitations.revoke')}
              busyLabel={t(action === 'resend' ? 'pipeline.invitations.resending' : 'pipeline.invitations.revoking')}
              busy={busy}
              tone={action === 'revoke' ? 'danger' : 'primary'}
              testId="invitations-confirm-submit"
            />
          }
        />
      </form>
    </Modal>
  );
}

/** The security codes a re-send made, shown once. */
export function CodesDialog({ codes, onClose }: { codes: ShownCode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} onEscape={onClose} className="modal--bulk" testId="invitations-codes">
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('pipeline.invitations.codesTitle')}
        </h2>
      </div>
      <div className="modal__body">
        <CodesList codes={codes} />
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('pipeline.invitations.close')}
        </button>
      </div>
    </Modal>
  );
}
