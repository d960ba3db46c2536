import { useTranslation } from 'react-i18next';
import { BULK_OUTCOMES, type BulkAddResult, type SecurityGroup } from '../../../shared/api/groups.ts';
import { CheckCircleIcon } from '../app/icons.tsx';

/** After a bulk add: how many were added, the group's size now, the other outcomes counted, and every entry's. */
export function BulkResult({ group, result }: { group: SecurityGroup; result: BulkAddResult }) {
  const { t } = useTranslation();
  const counts = Object.fromEntries(BULK_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    (typeof BULK_OUTCOMES)[number],
    number
  >;
  for (const entry of result.results) counts[entry.outcome]++;
  const others = BULK_OUTCOMES.filter((outcome) => outcome !== 'added' && counts[outcome] > 0);

  return (
    <section className="bulk-result" aria-labelledby="bulk-result-title" data-testid="bulk-result">
      <h3 id="bulk-result-title" className="visually-hidden">
        {t('groups.bulk.resultHeading')}
      </h3>
      <div className="bulk-result__summary" role="status">
        <p className="bulk-result__headline" data-testid="bulk-added" data-added={result.added}>
          <CheckCircleIcon soft />
          {t('groups.bulk.added', { count: result.added })}
        </p>
        <p data-testid="bulk-member-count" data-count={result.memberCount}>
          {t('groups.bulk.nowMembers', { count: result.memberCount, group: group.name })}
        </p>
        {others.length > 0 ? (
          <ul className="chips bulk-result__chips">
            {others.map((outcome) => (
              <li key={outcome} className={`chip chip--${outcome}`}>
                {t('groups.bulk.outcomeCount', { label: t(`groups.bulk.short.${outcome}`), count: counts[outcome] })}
              </li>
            ))}
          </ul>
        ) : null}
        {result.added > 0 && others.length > 0 ? <p className="muted">{t('groups.bulk.kept')}</p> : null}
      </div>
      <div className="table-wrap bulk-result__table">
        <table className="data-table" aria-label={t('groups.bulk.resultTable')}>
          <thead>
            <tr>
              <th scope="col" className="data-table__index">
                #
              </th>
              <th scope="col" className="col-entry">
                {t('groups.bulk.columns.entry')}
              </th>
              <th scope="col" className="col-person">
                {t('groups.bulk.columns.person')}
              </th>
              <th scope="col">{t('groups.bulk.columns.result')}</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((entry, index) => (
              <tr key={index} data-testid="bulk-result-row" data-outcome={entry.outcome} data-email={entry.email ?? ''}>
                <td className="data-table__index data-table__muted">{index + 1}</td>
                <td className="data-table__entry">
                  <code>{entry.entry}</code>
                </td>
                <td>{entry.name ?? <span className="muted">–</span>}</td>
                <td>
                  <span className={`outcome outcome--${entry.outcome}`}>
                    {t(`groups.bulk.outcome.${entry.outcome}`)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
