import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { MemberStatusFilter } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import './status-filter.css';

const FILTERS: readonly MemberStatusFilter[] = ['all', 'activated', 'invited'];

/**
 * All / Activated / Invited as a segmented control built on native radios,
 * so arrow keys move the choice. Each radio is named by its word alone; its
 * count is a description.
 */
export function StatusFilter({ safeId }: { safeId: string }) {
  const { t } = useTranslation();
  const groupId = useId();
  const { status, counts, setStatusFilter } = useAppStore(
    useShallow((state) => ({
      status: state.statusFilter,
      counts: state.memberSummaries[safeId]?.counts,
      setStatusFilter: state.setStatusFilter,
    })),
  );
  const format = useFormat();
  return (
    <div className="segmented" role="radiogroup" aria-label={t('members.filter.label')} data-testid="status-filter">
      {FILTERS.map((filter) => {
        const countId = `${groupId}-${filter}`;
        const count = counts?.[filter];
        return (
          <label key={filter} className={`segmented__option${status === filter ? ' is-checked' : ''}`}>
            <input
              type="radio"
              className="segmented__input"
              name={`${groupId}-status`}
              value={filter}
              checked={status === filter}
              aria-describedby={count === undefined ? undefined : countId}
              onChange={() => setStatusFilter(filter)}
            />
            <span className="segmented__text">{t(`members.filter.${filter}`)}</span>
            {count === undefined ? null : (
              <span id={countId} className="segmented__count" aria-hidden="true">
                {format.number(count)}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}
