import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { selectMemberSummary } from '../store/selectors.ts';
import { useFormat } from '../format/useFormat.ts';
import { detach } from '../detach.ts';
import '../styles/page.css';
import './member-summary.css';

/** "7 of 10" against the subscription limit; invited and activated both count. */
export function MemberSummaryPanel({ safe }: { safe: TeamSafe }) {
  const { t } = useTranslation();
  const headingId = useId();
  const summary = useAppStore(selectMemberSummary(safe.id));
  const archive = useAppStore((state) => state.digitalArchive[safe.id] ?? false);
  const checkDigitalArchive = useAppStore((state) => state.checkDigitalArchive);
  useEffect(() => {
    detach(checkDigitalArchive(safe.id));
  }, [checkDigitalArchive, safe.id]);
  const count = summary?.counts.all ?? safe.memberCount;
  const limit = summary?.memberLimit ?? safe.memberLimit;
  const ratio = limit > 0 ? Math.min(1, count / limit) : 1;
  const full = count >= limit;
  const usage = t('summary.limit', { count, limit });
  const format = useFormat();

  return (
    <aside className="member-summary" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-label">
        {t('summary.heading')}
      </h2>
      <p className="member-summary__usage" data-testid="member-limit" data-count={count} data-limit={limit}>
        {usage}
      </p>
      <div
        className={`meter${full ? ' meter--full' : ratio >= 0.9 ? ' meter--high' : ''}`}
        role="meter"
        aria-label={t('summary.meterLabel')}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={count}
        aria-valuetext={usage}
      >
        <div className="meter__fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      <dl className="member-summary__counts">
        <div className="member-summary__count">
          <dt>
            <span className="dot dot--activated" aria-hidden="true" />
            {t('summary.activated')}
          </dt>
          <dd>{summary ? format.number(summary.counts.activated) : '–'}</dd>
        </div>
        <div className="member-summary__count">
          <dt>
            <span className="dot dot--invited" aria-hidden="true" />
            {t('summary.invited')}
          </dt>
          <dd>{summary ? format.number(summary.counts.invited) : '–'}</dd>
        </div>
      </dl>
      {full ? (
        <p className="member-summary__note member-summary__note--warning">{t('summary.limitReached')}</p>
      ) : (
        <p className="member-summary__note muted">{t('summary.countsNote')}</p>
      )}
      {archive ? (
        <p className="member-summary__note member-summary__note--archive" data-testid="digital-archive">
          <strong>{t('memberActions.archive.title')}</strong> {t('memberActions.archive.note')}
        </p>
      ) : null}
    </aside>
  );
}
