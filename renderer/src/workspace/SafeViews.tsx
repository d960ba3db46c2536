import { useId, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { lazyPart } from '../app/LazyPart.tsx';
import { useAppStore } from '../store/index.ts';
import { MemberPanel } from './MemberPanel.tsx';
import './safe-views.css';

// Loaded when the view is first opened.
const InvitationsView = lazyPart(
  () => import('../pipeline/InvitationsView.tsx'),
  (module) => module.InvitationsView,
  'inline',
);
const LazyActivityPanel = lazyPart(
  () => import('../activity/ActivityPanel.tsx'),
  (module) => module.ActivityPanel,
  'inline',
);

/** A safe's activity starts afresh (filters, pages) when another safe is picked. */
function ActivityView({ safe }: { safe: TeamSafe }) {
  return <LazyActivityPanel key={safe.id} safe={safe} />;
}

interface SafeView {
  id: string;
  /** The tab's name. */
  label: (t: TFunction) => string;
  Panel: ComponentType<{ safe: TeamSafe }>;
}

/** The views of a team safe, in tab order: one line each. */
const SAFE_VIEWS: readonly SafeView[] = [
  { id: 'members', label: (t) => t('pipeline.views.members'), Panel: MemberPanel },
  { id: 'invitations', label: (t) => t('pipeline.views.invitations'), Panel: InvitationsView },
  { id: 'activity', label: (t) => t('activity.tabs.activity'), Panel: ActivityView },
];

/**
 * A team safe's area: Members | Invitations | … as WAI-ARIA tabs (arrow
 * keys, Home and End move and select; one tab stop). Without a safe, the
 * member panel says to choose one.
 */
export function SafeViews({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  const baseId = useId();
  const [selected, setSelected] = useState(SAFE_VIEWS[0]?.id ?? 'members');
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  // Find, Invite (menu or shortcut) and a deep link are about members: their view comes forward.
  const membersWanted = useAppStore((state) => state.pendingCommand !== null || state.deepLinkTarget !== null);
  if (membersWanted && selected !== 'members') setSelected('members');

  if (!safe) return <MemberPanel safe={null} />;
  const current = SAFE_VIEWS.find((view) => view.id === selected) ?? SAFE_VIEWS[0];
  if (!current) return null;

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = SAFE_VIEWS.findIndex((view) => view.id === current.id);
    const last = SAFE_VIEWS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const view = next === null ? undefined : SAFE_VIEWS[next];
    if (!view) return;
    event.preventDefault();
    setSelected(view.id);
    tabs.current.get(view.id)?.focus();
  };

  const { Panel } = current;
  return (
    <>
      <div
        className="safe-views__tabs"
        role="tablist"
        aria-label={t('pipeline.views.label', { safe: safe.name })}
        onKeyDown={move}
        data-testid="safe-views"
      >
        {SAFE_VIEWS.map((view) => {
          const isSelected = view.id === current.id;
          return (
            <button
              key={view.id}
              ref={(element) => {
                if (element) tabs.current.set(view.id, element);
                else tabs.current.delete(view.id);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${view.id}`}
              aria-selected={isSelected}
              aria-controls={`${baseId}-panel`}
              tabIndex={isSelected ? 0 : -1}
              className={`safe-views__tab${isSelected ? ' is-selected' : ''}`}
              onClick={() => setSelected(view.id)}
              data-view={view.id}
            >
              {view.label(t)}
            </button>
          );
        })}
      </div>
      <div
        className="safe-views__panel"
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-tab-${current.id}`}
      >
        <Panel safe={safe} />
      </div>
    </>
  );
}
