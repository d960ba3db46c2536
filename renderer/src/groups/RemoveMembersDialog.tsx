import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupMember, SecurityGroup } from '../../../shared/api/groups.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { useAppStore } from '../store/index.ts';
import { Modal } from '../app/Modal.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import type { GroupNotice } from './GroupDetail.tsx';
import { detach } from '../detach.ts';

/** Names shown in the confirmation before "and N more". */
const NAMES_SHOWN = 8;

/** "Remove 2 people from Developers?" naming who, then one request for all of them. */
export function RemoveMembersDialog({
  group,
  members,
  onClose,
  onNotice,
}: {
  group: SecurityGroup;
  members: readonly GroupMember[];
  onClose: () => void;
  onNotice: (notice: GroupNotice) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const removeGroupMembers = useAppStore((state) => state.removeGroupMembers);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const count = members.length;
  const first = members[0];
  const shown = members.slice(0, NAMES_SHOWN);
  const rest = count - shown.length;

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await removeGroupMembers(
      group.id,
      members.map((member) => member.userId),
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const removed = result.value.removed;
    const name = members.find((member) =>
      result.value.results.some((entry) => entry.userId === member.userId && entry.outcome === 'removed'),
    )?.name;
    onNotice({
      tone: 'success',
      text: (tr) => tr('groups.notice.removed', { count: removed, name: name ?? '', group: group.name }),
    });
    onClose();
  };

  return (
    <Modal
      labelledBy={titleId}
      onEscape={() => (busy ? undefined : onClose())}
      role="alertdialog"
      testId="remove-dialog"
    >
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('groups.remove.title', { count, name: first?.name ?? '', group: group.name })}
        </h2>
      </div>
      <div className="modal__body">
        <ul className="name-list">
          {shown.map((member) => (
            <li key={member.userId}>
              <span className="name-list__name">{member.name}</span> <span className="muted">{member.email}</span>
            </li>
          ))}
          {rest > 0 ? <li className="muted">{t('groups.remove.more', { count: rest })}</li> : null}
        </ul>
        <p className="muted">{t('groups.remove.body')}</p>
        <FormAlert heading={t('groups.notice.removeFailed')} error={error} />
      </div>
      <DialogFooter
        cancel={{ label: t('groups.cancel'), onClick: onClose, disabled: busy }}
        action={
          <BusyButton
            type="button"
            tone="danger"
            label={t('groups.remove.confirm', { count })}
            busyLabel={t('groups.remove.removing')}
            busy={busy}
            onClick={() => detach(confirm())}
            testId="remove-confirm"
          />
        }
      />
    </Modal>
  );
}
