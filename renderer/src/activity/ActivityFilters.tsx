import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../shared/api/audit.ts';
import { CloseIcon } from '../app/icons.tsx';
import { NO_ACTIVITY_FILTERS, type ActivityFilters as Filters } from '../store/activity.ts';
import { actionLabel } from './change.ts';

/** Which actions a view offers: a safe's (`member.*`) or the groups' (`group.*`). */
export type ActionDomain = 'member' | 'group';

export interface ActivityFiltersProps {
  filters: Filters;
  domain: ActionDomain;
  onChange: (patch: Partial<Filters>) => void;
  /** More filters before the dates (the group history's group). */
  extra?: ReactNode;
}

/**
 * Action and date range; the people chosen by clicking a name show as
 * chips that remove the filter. Every change asks again from the start.
 */
export function ActivityFilters({ filters, domain, onChange, extra }: ActivityFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const actions = AUDIT_ACTIONS.filter((action) => action.startsWith(`${domain}.`));
  const any = JSON.stringify(filters) !== JSON.stringify(NO_ACTIVITY_FILTERS);
  const chip = (text: string, remove: () => void, testId: string) => (
    <span className="activity-chip" data-testid={testId}>
      {text}
      <button
        type="button"
        className="activity-chip__remove"
        aria-label={t('activity.filters.remove', { name: text })}
        title={t('activity.filters.remove', { name: text })}
        onClick={remove}
      >
        <CloseIcon size={12} />
      </button>
    </span>
  );
  return (
    <fieldset className="activity-filters" aria-label={t('activity.filters.label')}>
      <label className="activity-filters__field" htmlFor={`${id}-action`}>
        {t('activity.filters.action')}
        <select
          id={`${id}-action`}
          value={filters.action}
          onChange={(event) => onChange({ action: event.currentTarget.value })}
          data-testid="activity-action-filter"
        >
          <option value="">{t('activity.filters.anyAction')}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {actionLabel(t, action)}
            </option>
          ))}
        </select>
      </label>
      {extra}
      <label className="activity-filters__field" htmlFor={`${id}-from`}>
        {t('activity.filters.from')}
        <input
          id={`${id}-from`}
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(event) => onChange({ from: event.currentTarget.value })}
          data-testid="activity-from"
        />
      </label>
      <label className="activity-filters__field" htmlFor={`${id}-to`}>
        {t('activity.filters.to')}
        <input
          id={`${id}-to`}
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(event) => onChange({ to: event.currentTarget.value })}
          data-testid="activity-to"
        />
      </label>
      <div className="activity-filters__chips">
        {filters.actor
          ? chip(
              t('activity.filters.actor', { name: filters.actor.name }),
              () => onChange({ actor: null }),
              'actor-chip',
            )
          : null}
        {filters.subject
          ? chip(
              t('activity.filters.subject', { name: filters.subject.name }),
              () => onChange({ subject: null }),
              'subject-chip',
            )
          : null}
        {any ? (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => onChange(NO_ACTIVITY_FILTERS)}
            data-testid="activity-clear"
          >
            {t('activity.filters.clear')}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}
