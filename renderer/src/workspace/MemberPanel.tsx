import { useOfflineReason } from '../offline/OfflineBanner.tsx';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { selectSafeUsage } from '../store/selectors.ts';
import { lazyPart } from '../app/LazyPart.tsx';
import { MemberActionDialog, type ActionOutcome, type MemberAction } from '../member-actions/MemberActionDialog.tsx';
import type { MemberActionKind } from '../member-actions/RowActionsMenu.tsx';
import { StatusFilter } from './StatusFilter.tsx';
import { MemberSearch } from './MemberSearch.tsx';
import { MemberTable } from './MemberTable.tsx';
import { DeepLinkNotice } from '../shell/DeepLinkNotice.tsx';
import { useMemberColumns } from './member-columns.ts';
import { ColumnsMenu } from '../table/ColumnsMenu.tsx';
import { ExportButton } from '../activity/ExportDialog.tsx';
import '../styles/page.css';
import './member-panel.css';
import { InfoIcon, PlusIcon, RefreshIcon } from '../app/icons.tsx';
import { detach } from '../detach.ts';

// The wizard and the full phone metadata it needs load when it is first opened.
const InviteWizard = lazyPart(
  () => import('../invite/InviteWizard.tsx'),
  (module) => module.InviteWizard,
  'inline',
);

export function MemberPanel({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  // "Choose a team safe" only when there is one to choose (offline with nothing saved, the rail says so).
  const nothingToChoose = useAppStore((state) => state.safesLoad.status === 'loading' || state.safes.length === 0);

  if (!safe) {
    return nothingToChoose ? null : (
      <>
        <DeepLinkNotice safe={null} />
        <div className="empty-state">
          <p>{t('safes.noneSelected')}</p>
        </div>
      </>
    );
  }
  // Keyed: dialogs and announcements belong to one safe.
  return <SafeMembers key={safe.id} safe={safe} />;
}

function SafeMembers({ safe }: { safe: TeamSafe }) {
  const { t } = useTranslation();
  const reasonId = useId();
  // Not the search: the panel around the table does not draw again for each key pressed in it.
  const { status, reloadFromServer, pendingCommand, consumeCommand, searchSerial } = useAppStore(
    useShallow((state) => ({
      status: state.statusFilter,
      reloadFromServer: state.reloadFromServer,
      pendingCommand: state.pendingCommand,
      consumeCommand: state.consumeCommand,
      searchSerial: state.memberSearchSerial,
    })),
  );
  const [reloading, setReloading] = useState(false);
  const usage = useAppStore(useShallow(selectSafeUsage(safe)));
  const [inviting, setInviting] = useState(false);
  const [action, setAction] = useState<MemberAction | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  // An undo makes the "done" notice of the change it reversed out of date.
  const undoneCount = useAppStore((state) => state.undoneCount);
  const [seenUndone, setSeenUndone] = useState(undoneCount);
  if (seenUndone !== undoneCount) {
    setSeenUndone(undoneCount);
    setOutcome(null);
  }

  const isAdministrator = safe.myRole === 'administrator';
  const columns = useMemberColumns(isAdministrator);
  const full = usage.count >= usage.limit;
  const offlineReason = useOfflineReason();
  const reason = offlineReason
    ? offlineReason
    : !isAdministrator
      ? t('invite.disabled.notAdministrator', { role: t(`roles.${safe.myRole}`) })
      : full
        ? t('invite.disabled.limit', { count: usage.count, limit: usage.limit })
        : null;

  // Ctrl/Cmd+N and File › Invite: the same as the button, so only when inviting is allowed.
  const inviteRequest = pendingCommand?.command === 'invite' ? pendingCommand.serial : null;
  const [answeredRequest, setAnsweredRequest] = useState<number | null>(null);
  if (inviteRequest !== null && inviteRequest !== answeredRequest) {
    setAnsweredRequest(inviteRequest);
    if (reason === null) {
      setOutcome(null);
      setInviting(true);
    }
  }
  useEffect(() => {
    if (inviteRequest !== null) consumeCommand(inviteRequest);
  }, [inviteRequest, consumeCommand]);

  const onAction = useCallback((kind: MemberActionKind, member: Member) => {
    setOutcome(null);
    setAction({ kind, member });
  }, []);
  const fallbackFocus = useCallback(() => document.querySelector<HTMLElement>('[data-testid="member-search"]'), []);

  return (
    <section className="member-panel" aria-labelledby="member-panel-title">
      <div className="member-panel__header">
        <h1 id="member-panel-title" className="page-title">
          {safe.name}
        </h1>
        <div className="member-panel__actions">
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={reloading || undefined}
            onClick={() => {
              if (reloading) return;
              setReloading(true);
              detach(reloadFromServer(safe.id).finally(() => setReloading(false)));
            }}
          >
            {reloading ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon />}
            {t('members.refresh')}
          </button>
          <ExportButton
            subject={() => {
              const query = useAppStore.getState().memberQuery;
              return {
                kind: 'members',
                safeId: safe.id,
                status,
                sort: query.sort,
                dir: query.dir,
                ...(query.q ? { q: query.q } : {}),
              };
            }}
            description={t('activity.export.members')}
          />
          <button
            type="button"
            className="button button--primary button--small"
            disabled={reason !== null}
            aria-describedby={reason ? reasonId : undefined}
            onClick={() => {
              setOutcome(null);
              setInviting(true);
            }}
            data-testid="invite-button"
          >
            <PlusIcon />
            {t('invite.open')}
          </button>
        </div>
      </div>
      {reason ? (
        <p className="member-panel__reason" id={reasonId} data-testid="invite-disabled-reason">
          <InfoIcon />
          {reason}
        </p>
      ) : null}
      <DeepLinkNotice safe={safe} />
      {outcome ? (
        <div
          className={`notice ${outcome.tone === 'warning' ? 'notice--warning' : 'notice--success'}`}
          role={outcome.tone === 'warning' ? 'alert' : 'status'}
          data-testid="member-action-outcome"
        >
          <span>{outcome.text}</span>
          <button type="button" className="button button--quiet button--small" onClick={() => setOutcome(null)}>
            {t('app.dismiss')}
          </button>
        </div>
      ) : null}
      <div className="member-panel__toolbar">
        <StatusFilter safeId={safe.id} />
        <div className="member-panel__tools">
          {/* Remounted when a deep link sets the search, so the field shows it. */}
          <MemberSearch key={searchSerial} />
          <ColumnsMenu table="members" columns={columns} />
        </div>
      </div>
      {/* Keyed so a new filter starts at the top with its own virtualiser; a new search keeps it. */}
      <MemberTable key={status} safe={safe} status={status} {...(isAdministrator ? { onAction } : {})} />
      {inviting ? <InviteWizard safe={safe} onClose={() => setInviting(false)} /> : null}
      {action ? (
        <MemberActionDialog
          safe={safe}
          action={action}
          fallbackFocus={fallbackFocus}
          onClose={(done) => {
            setAction(null);
            if (done) setOutcome(done);
          }}
        />
      ) : null}
    </section>
  );
}
