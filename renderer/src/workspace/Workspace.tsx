import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectSelectedSafe } from '../store/selectors.ts';
import { SettingsNotice } from '../app/Notice.tsx';
import { TopBar } from './TopBar.tsx';
import { UpdateBanner } from '../managed/UpdateBanner.tsx';
import { SafePicker } from './SafePicker.tsx';
import { SafeViews } from './SafeViews.tsx';
import { MemberSummaryPanel } from './MemberSummaryPanel.tsx';
import { OfflineBanner } from '../offline/OfflineBanner.tsx';
import { ShellNotices } from '../shell/ShellNotices.tsx';
import { detach } from '../detach.ts';
import { lazyPart } from '../app/LazyPart.tsx';
import { UndoToast } from '../pipeline/UndoToast.tsx';
import './workspace.css';

// Loaded when the groups section is first opened.
const SecurityGroupsView = lazyPart(
  () => import('../groups/SecurityGroupsView.tsx'),
  (module) => module.SecurityGroupsView,
  'inline',
);
// The invitations of every safe (the pipeline's own part).
const AllInvitationsView = lazyPart(
  () => import('../pipeline/InvitationsView.tsx'),
  (module) => module.AllInvitationsView,
  'inline',
);

/** The signed-in frame: top bar, safe picker, members, and the member-limit sidebar. */
export function Workspace() {
  const loadSafes = useAppStore((state) => state.loadSafes);
  const selectedSafe = useAppStore(selectSelectedSafe);
  const section = useAppStore((state) => state.workspaceSection);
  const takeDeepLink = useAppStore((state) => state.takeDeepLink);

  useEffect(() => {
    detach(loadSafes());
    // A link that opened the app waits for the sign-in: now is the time.
    detach(takeDeepLink());
  }, [loadSafes, takeDeepLink]);

  return (
    <div className="workspace">
      <TopBar />
      <UpdateBanner />
      <SettingsNotice />
      <ShellNotices />
      <OfflineBanner />
      {section === 'groups' ? (
        <SecurityGroupsView />
      ) : section === 'invitations' ? (
        <main className="workspace__main workspace__main--wide">
          <AllInvitationsView />
        </main>
      ) : (
        <div className="workspace__body">
          <SafePicker />
          <main className="workspace__main">
            <SafeViews safe={selectedSafe} />
          </main>
          {selectedSafe ? <MemberSummaryPanel safe={selectedSafe} /> : null}
        </div>
      )}
      <UndoToast />
    </div>
  );
}
