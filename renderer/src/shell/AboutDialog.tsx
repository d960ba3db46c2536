import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { call } from '../bridge.ts';
import { Modal } from '../app/Modal.tsx';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import { copyText, type CopyOutcome } from './clipboard.ts';
import { diagnosticsRows, diagnosticsText } from './diagnostics.ts';
import { PolicyList } from '../managed/PolicyList.tsx';
import { policyDiagnostics } from '../managed/policy-rows.ts';
import { detach } from '../detach.ts';
import './shell.css';

/**
 * About Team Safe Admin: versions, server, user, formats, logs — and one
 * button that copies all of it (no secrets) for a support ticket.
 */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const hintId = useId();
  const format = useFormat();
  const { info, session, sync, policy, language } = useAppStore(
    useShallow((state) => ({
      info: state.appInfo,
      session: state.session,
      sync: state.sync,
      policy: state.policy,
      language: state.language,
    })),
  );
  const [copy, setCopy] = useState<CopyOutcome | null>(null);
  const [openFailed, setOpenFailed] = useState(false);
  const rows = diagnosticsRows({ info, session, sync, userAgent: navigator.userAgent }, t, format);

  const onCopy = async () => {
    const policies = policy ? [t('managed.policies'), ...policyDiagnostics(policy, t, language)] : [];
    setCopy(await copyText(diagnosticsText(t('about.title'), rows, policies)));
  };
  const onOpenLogs = async () => {
    try {
      await call('app:openLogsFolder', {});
      setOpenFailed(false);
    } catch {
      setOpenFailed(true);
    }
  };

  return (
    <Modal labelledBy={titleId} describedBy={hintId} onEscape={onClose} testId="about-dialog" className="modal--about">
      <div className="modal__header">
        <h2 className="modal__title" id={titleId}>
          {t('about.title')}
        </h2>
      </div>
      {/* Long with the policies: scrollable, so it takes keyboard focus to scroll (a named region). */}
      <div className="modal__body" tabIndex={0} role="region" aria-labelledby={titleId}>
        <dl className="about-list" data-testid="about-details">
          {rows.map((row) => (
            <div key={row.key} className="about-list__row" data-row={row.key}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        <PolicyList />
        <p className="muted" id={hintId}>
          {t('about.diagnosticsHint')}
        </p>
        <p className="about-status" role="status" data-testid="about-status">
          {copy?.status === 'copied'
            ? t('shell.copied')
            : copy?.status === 'failed'
              ? t('shell.copyFailed')
              : openFailed
                ? t('errors.internal')
                : ''}
        </p>
      </div>
      <div className="modal__footer">
        {info?.canOpenLogsFolder ? (
          <button
            type="button"
            className="button button--secondary modal__footer-start"
            onClick={() => detach(onOpenLogs())}
          >
            {t('about.openLogs')}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" onClick={() => detach(onCopy())}>
          {t('about.copyDiagnostics')}
        </button>
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('shell.close')}
        </button>
      </div>
    </Modal>
  );
}
