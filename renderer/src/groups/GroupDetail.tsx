import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppStore } from '../store/index.ts';
import { GroupPermissions } from './GroupPermissions.tsx';
import { GroupMembers } from './GroupMembers.tsx';
import { UserPicker } from './UserPicker.tsx';
import { BulkAddDialog } from './BulkAddDialog.tsx';
import '../styles/page.css';
import { PasteIcon } from '../app/icons.tsx';

/** What happened last, said in the current language. */
export interface GroupNotice {
  tone: 'success' | 'error';
  text: (t: TFunction) => string;
}

export function GroupDetail() {
  const { t } = useTranslation();
  const group = useAppStore(
    (state) => state.securityGroups.find((candidate) => candidate.id === state.selectedGroupId) ?? null,
  );
  const groupsReady = useAppStore((state) => state.securityGroupsLoad.status === 'ready');
  const [notice, setNotice] = useState<{ groupId: string; notice: GroupNotice } | null>(null);
  // An undo makes the notice about the change it reversed out of date.
  const undoneCount = useAppStore((state) => state.undoneCount);
  const [seenUndone, setSeenUndone] = useState(undoneCount);
  if (seenUndone !== undoneCount) {
    setSeenUndone(undoneCount);
    setNotice(null);
  }
  const [bulkOpen, setBulkOpen] = useState(false);

  if (!group) {
    return groupsReady ? (
      <div className="empty-state">
        <p>{t('groups.noneSelected')}</p>
      </div>
    ) : null;
  }
  const shown = notice?.groupId === group.id ? notice.notice : null;
  const say = (next: GroupNotice) => setNotice({ groupId: group.id, notice: next });

  return (
    <section className="group-detail" aria-labelledby="group-detail-title" data-testid="group-detail">
      <header className="group-detail__header">
        <h1 id="group-detail-title" className="page-title">
          {group.name}
        </h1>
        <span className="count-pill" data-testid="group-member-count" data-count={group.memberCount}>
          {t('groups.memberCount', { count: group.memberCount })}
        </span>
      </header>

      <GroupPermissions group={group} />

      <section className="panel group-members" aria-labelledby="group-members-title">
        <div className="panel__head">
          <h2 id="group-members-title" className="panel__title">
            {t('groups.members.heading')}
          </h2>
        </div>
        <div className="group-members__add">
          <UserPicker key={group.id} group={group} onNotice={say} />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setBulkOpen(true)}
            data-testid="bulk-open"
          >
            <PasteIcon />
            {t('groups.bulk.open')}
          </button>
        </div>
        <div className="group-notice-region" role="status" aria-live="polite" data-testid="group-notice">
          {shown ? (
            <div className={`group-notice group-notice--${shown.tone}`}>
              <span>{shown.text(t)}</span>
              <button type="button" className="button button--quiet button--small" onClick={() => setNotice(null)}>
                {t('app.dismiss')}
              </button>
            </div>
          ) : null}
        </div>
        <GroupMembers key={group.id} group={group} onNotice={say} />
      </section>

      {bulkOpen ? <BulkAddDialog group={group} onClose={() => setBulkOpen(false)} /> : null}
    </section>
  );
}
