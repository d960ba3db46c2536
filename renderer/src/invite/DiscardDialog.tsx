import { useTranslation } from 'react-i18next';
import { Modal } from '../app/Modal.tsx';

/** "Discard this invitation?" before answers are thrown away. */
export function DiscardDialog({
  titleId,
  bodyId,
  onKeep,
  onDiscard,
}: {
  titleId: string;
  bodyId: string;
  onKeep: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      role="alertdialog"
      onEscape={onKeep}
      className="modal--small"
      testId="invite-discard"
    >
      <div className="modal__header">
        <h2 className="modal__title" id={titleId}>
          {t('invite.discard.title')}
        </h2>
      </div>
      <div className="modal__body">
        <p id={bodyId}>{t('invite.discard.body')}</p>
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onKeep}>
          {t('invite.discard.keep')}
        </button>
        <button type="button" className="button button--danger" onClick={onDiscard}>
          {t('invite.discard.confirm')}
        </button>
      </div>
    </Modal>
  );
}
