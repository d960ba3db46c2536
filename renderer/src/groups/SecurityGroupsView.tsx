import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { GroupRail } from './GroupRail.tsx';
import { GroupDetail } from './GroupDetail.tsx';
import { PermissionMatrixView } from './PermissionMatrixView.tsx';
import { UserPanel } from './UserPanel.tsx';
import { GroupHistory } from '../activity/GroupHistory.tsx';
import './groups.css';

/** The security-group half of the console: groups on the left, a group or the matrix, and a person on the right. */
export function SecurityGroupsView() {
  const openSecurityGroups = useAppStore((state) => state.openSecurityGroups);
  const pane = useAppStore((state) => state.groupsPane);
  const showingUser = useAppStore((state) => state.userView !== null);

  useEffect(() => {
    openSecurityGroups();
  }, [openSecurityGroups]);

  return (
    <div className={`groups-body${showingUser ? ' groups-body--with-user' : ''}`} data-testid="security-groups">
      <GroupRail />
      <main className="groups-main">
        {pane === 'matrix' ? <PermissionMatrixView /> : pane === 'history' ? <GroupHistory /> : <GroupDetail />}
      </main>
      {showingUser ? <UserPanel /> : null}
    </div>
  );
}
