import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyIcon } from '../app/icons.tsx';
import { detach } from '../detach.ts';
import { copyText, type CopyOutcome } from '../shell/clipboard.ts';

export interface ShownCode {
  name: string;
  email: string;
  code: string;
}

/**
 * The security codes of `display` invitations, shown this once, with Copy
 * all (through main's clipboard path for secrets: cleared again after a while).
 */
export function CodesList({ codes }: { codes: readonly ShownCode[] }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<CopyOutcome | null>(null);
  if (codes.length === 0) return null;
  const copyAll = async () => {
    const text = codes.map((each) => `${each.name}\t${each.email}\t${each.code}`).join('\n');
    setCopy(await copyText(text, true));
  };
  return (
    <section className="codes-list" aria-labelledby="codes-list-title" data-testid="codes-list">
      <div className="codes-list__header">
        <h3 id="codes-list-title" className="codes-list__title">
          {t('pipeline.codes.title')}
        </h3>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => detach(copyAll())}
          data-testid="codes-copy-all"
        >
          <CopyIcon />
          {t('pipeline.codes.copyAll')}
        </button>
      </div>
      <p className="field-hint">{t('pipeline.codes.hint')}</p>
      <p className="codes-list__status" role="status" data-testid="codes-copy-status">
        {copy?.status === 'failed'
          ? t('pipeline.codes.copyFailed')
          : copy?.clearAfterSeconds
            ? t('pipeline.codes.copiedCleared', { seconds: copy.clearAfterSeconds })
            : copy
              ? t('pipeline.codes.copied')
              : ''}
      </p>
      <div
        className="table-wrap codes-list__table"
        tabIndex={0}
        role="region"
        aria-label={t('pipeline.codes.tableLabel')}
      >
        <table className="data-table" aria-label={t('pipeline.codes.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('pipeline.codes.person')}</th>
              <th scope="col">{t('pipeline.codes.code')}</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((each) => (
              <tr key={each.email} data-testid="code-row" data-email={each.email}>
                <td>
                  <span className="pipeline-person__name">{each.name}</span>
                  <span className="pipeline-person__email">{each.email}</span>
                </td>
                <td>
                  <code className="codes-list__code" data-testid="code-value">
                    {each.code}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
