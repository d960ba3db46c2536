import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { StatusFilter } from './StatusFilter.tsx';
import { MemberTable } from './MemberTable.tsx';

export function MemberPanel({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  const { status, safesLoading, refreshMembers } = useAppStore(
    useShallow((state) => ({
      status: state.statusFilter,
      safesLoading: state.safesLoad.status === 'loading',
      refreshMembers: state.refreshMembers,
    })),
  );

  if (!safe) {
    return safesLoading ? null : (
      <div className="empty-state">
        <p>{t('safes.noneSelected')}</p>
      </div>
    );
  }
  return (
    <section className="member-panel" aria-labelledby="member-panel-title">
      <div className="member-panel__header">
        <h1 id="member-panel-title" className="member-panel__title">
          {safe.name}
        </h1>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => refreshMembers(safe.id)}
        >
          <RefreshIcon />
          {t('members.refresh')}
        </button>
      </div>
      <StatusFilter safeId={safe.id} />
      {/* Keyed so a new safe or filter starts at the top with its own virtualiser. */}
      <MemberTable key={`${safe.id}:${status}`} safe={safe} status={status} />
    </section>
  );
}

function RefreshIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="14" height="14" className="icon">
      <path
        d="M16.25 10a6.25 6.25 0 1 1-1.83-4.42M16.25 3.75v3.5h-3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
