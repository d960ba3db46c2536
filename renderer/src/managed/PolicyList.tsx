import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { anyPolicy, policyRows, sourceText } from './policy-rows.ts';
import { detach } from '../detach.ts';
import './managed.css';
import '../styles/page.css';

/**
 * The About view's list of every policy: the value in effect and where it
 * comes from (computer / user policy / default), and what was ignored and
 * why — the screen a helpdesk asks a user to read.
 */
export function PolicyList() {
  const { t } = useTranslation();
  const headingId = useId();
  const { policy, language, loadPolicy } = useAppStore(
    useShallow((state) => ({ policy: state.policy, language: state.language, loadPolicy: state.loadPolicy })),
  );
  useEffect(() => {
    detach(loadPolicy());
  }, [loadPolicy]);
  if (!policy) return null;
  const rows = policyRows(policy, t, language);
  return (
    <section aria-labelledby={headingId} className="about-policies" data-testid="about-policies">
      <h3 id={headingId} className="section-label">
        {t('managed.policies')}
      </h3>
      <p className="settings-hint">{anyPolicy(policy) ? t('managed.policiesHint') : t('managed.noneSet')}</p>
      <table className="policy-table">
        <colgroup>
          <col className="policy-table__policy" />
          <col className="policy-table__value" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('managed.policy')}</th>
            <th scope="col">{t('managed.value')}</th>
            <th scope="col">{t('managed.source')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-policy={row.key} data-source={row.source}>
              <th scope="row">
                {row.title}
                <span className="policy-table__key">{row.key}</span>
              </th>
              <td>{row.value}</td>
              <td>
                <span className={`policy-source--${row.source}`}>{row.sourceLabel}</span>
                {row.ignored.map((text) => (
                  <span key={text} className="policy-problem" data-testid="policy-problem">
                    {text}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {policy.sources.length > 0 ? (
        <>
          <h4 className="settings-group__title">{t('managed.sources')}</h4>
          <ul className="policy-sources" data-testid="policy-sources">
            {policy.sources.map((source) => (
              <li key={`${source.scope}:${source.location}`} data-status={source.status}>
                {sourceText(source, t)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
