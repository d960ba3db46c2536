import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { ActivityPanel } from '../activity/ActivityPanel.tsx';
import { MemberPanel } from './MemberPanel.tsx';
import '../activity/activity.css';

interface SafeView {
  id: string;
  /** The tab's label, translated. */
  label: (t: TFunction) => string;
  render: (safe: TeamSafe) => ReactNode;
}

/**
 * The views of a safe, in tab order. Each view is one line; a view is
 * added here and nowhere else.
 */
const SAFE_VIEWS: readonly SafeView[] = [
  { id: 'members', label: (t) => t('activity.tabs.members'), render: (safe) => <MemberPanel safe={safe} /> },
  {
    id: 'activity',
    label: (t) => t('activity.tabs.activity'),
    render: (safe) => <ActivityPanel key={safe.id} safe={safe} />,
  },
];

/**
 * A safe's area: a tab list (WAI-ARIA tabs: ←/→, Home/End move and select,
 * one tab stop) over the view chosen. The choice stays when another safe is
 * picked.
 */
export function SafeViews({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState(SAFE_VIEWS[0]!.id);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!safe) return <MemberPanel safe={null} />;
  const index = Math.max(
    0,
    SAFE_VIEWS.findIndex((view) => view.id === current),
  );
  const view = SAFE_VIEWS[index]!;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = SAFE_VIEWS.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = next < 0 ? last : next > last ? 0 : next;
    setCurrent(SAFE_VIEWS[target]!.id);
    tabs.current[target]?.focus();
  };

  return (
    <div className="safe-views">
      <div
        role="tablist"
        aria-label={t('activity.tabs.label')}
        className="safe-views__tabs"
        onKeyDown={onKeyDown}
        data-testid="safe-views"
      >
        {SAFE_VIEWS.map((each, position) => (
          <button
            key={each.id}
            ref={(element) => {
              tabs.current[position] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${each.id}`}
            aria-selected={each.id === view.id}
            aria-controls={`${id}-panel`}
            tabIndex={each.id === view.id ? 0 : -1}
            className="safe-views__tab"
            data-view={each.id}
            onClick={() => setCurrent(each.id)}
          >
            {each.label(t)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${view.id}`} className="safe-views__panel">
        {view.render(safe)}
      </div>
    </div>
  );
}
