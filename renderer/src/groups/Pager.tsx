import { useTranslation } from 'react-i18next';

/** "1–50 of 1 234" with Previous / Next. */
export function Pager({
  offset,
  pageSize,
  total,
  label,
  onPage,
  testId,
}: {
  offset: number;
  pageSize: number;
  total: number;
  label: string;
  onPage: (offset: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (total === 0) return null;
  const from = Math.min(total, offset + 1);
  const to = Math.min(total, offset + pageSize);
  return (
    <nav className="pager" aria-label={label} data-testid={testId}>
      <span className="pager__range" aria-live="polite">
        {t('groups.members.range', { from, to, total })}
      </span>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - pageSize))}
      >
        {t('groups.members.previous')}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={offset + pageSize >= total}
        onClick={() => onPage(offset + pageSize)}
      >
        {t('groups.members.next')}
      </button>
    </nav>
  );
}
