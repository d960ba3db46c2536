import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ExportSubject } from '../../../shared/ipc/activity.ts';
import { Modal } from '../app/Modal.tsx';
import { CheckCircleIcon } from '../app/icons.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useFormat } from '../format/useFormat.ts';
import { useAppStore } from '../store/index.ts';
import { detach } from '../detach.ts';
import './export.css';

export interface ExportButtonProps {
  /** What to export, as the view shows it now (read when the dialog opens). */
  subject: () => ExportSubject;
  /** What the file will hold, in a sentence. */
  description: string;
  testId?: string;
}

/** "Export CSV" and its dialog. */
export function ExportButton({ subject, description, testId = 'export-button' }: ExportButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ExportSubject | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small export-button"
        data-testid={testId}
        onClick={() => setOpen(subject())}
      >
        {t('activity.export.button')}
      </button>
      {open ? <ExportDialog subject={open} description={description} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

/**
 * What will be exported, the header option, then the export itself:
 * main writes the file (save dialog or download) while this shows the rows
 * written so far, with a cancel.
 */
export function ExportDialog({
  subject,
  description,
  onClose,
}: {
  subject: ExportSubject;
  description: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleId = useId();
  const machineId = useId();
  const [machine, setMachine] = useState(false);
  const { job, language, startExport, cancelExport, clearExport } = useAppStore(
    useShallow((state) => ({
      job: state.exportJob,
      language: state.language,
      startExport: state.startExport,
      cancelExport: state.cancelExport,
      clearExport: state.clearExport,
    })),
  );
  const running = job?.state === 'running';
  const close = () => {
    if (running) return;
    clearExport();
    onClose();
  };
  const progress =
    job && running
      ? job.total !== null
        ? t('activity.export.progress', { rows: format.number(job.rows), total: format.number(job.total) })
        : job.rows > 0
          ? t('activity.export.progressUnknown', { rows: format.number(job.rows) })
          : t('activity.export.preparing')
      : null;
  const outcome =
    job?.state === 'done' && job.result && job.result.outcome !== 'cancelled'
      ? t('activity.export.saved', { count: job.result.rows, file: job.result.fileName })
      : job?.state === 'cancelled'
        ? t('activity.export.cancelled')
        : null;

  return (
    <Modal labelledBy={titleId} onEscape={close} testId="export-dialog">
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('activity.export.title')}
        </h2>
      </div>
      <div className="modal__body export-dialog">
        <p>{description}</p>
        <div className="export-dialog__option">
          <input
            id={machineId}
            type="checkbox"
            checked={machine}
            disabled={running}
            aria-describedby={`${machineId}-hint`}
            onChange={(event) => setMachine(event.currentTarget.checked)}
            data-testid="export-machine"
          />
          <label htmlFor={machineId}>{t('activity.export.machine')}</label>
        </div>
        <p className="export-dialog__hint muted" id={`${machineId}-hint`}>
          {t('activity.export.machineHint', { language: t(`language.names.${language}`) })}
        </p>
        <p className="export-dialog__hint muted">{t('activity.export.format')}</p>
        <div className="export-dialog__status" role="status" data-testid="export-status">
          {progress ? (
            <>
              <progress
                className="export-dialog__bar"
                max={job?.total ?? undefined}
                value={job?.total ? job.rows : undefined}
                aria-label={progress}
              />
              <span>{progress}</span>
            </>
          ) : null}
          {outcome ? (
            <span className="export-dialog__done">
              {job?.state === 'done' ? <CheckCircleIcon /> : null}
              <span data-testid="export-outcome">{outcome}</span>
            </span>
          ) : null}
        </div>
        <FormAlert error={job?.state === 'failed' ? job.error : null} testId="export-error" />
      </div>
      <DialogFooter
        cancel={
          running
            ? { label: t('activity.export.cancel'), onClick: () => detach(cancelExport()) }
            : { label: t('activity.export.close'), onClick: close }
        }
        action={
          <BusyButton
            type="button"
            label={t('activity.export.start')}
            busyLabel={progress ?? t('activity.export.preparing')}
            busy={running}
            onClick={() => detach(startExport(subject, machine))}
            testId="export-start"
          />
        }
      />
    </Modal>
  );
}
