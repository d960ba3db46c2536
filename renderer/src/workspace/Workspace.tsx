import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectSelectedSafe } from '../store/selectors.ts';
import { SettingsNotice } from '../app/Notice.tsx';
import { TopBar } from './TopBar.tsx';
import { SafePicker } from './SafePicker.tsx';
import { MemberPanel } from './MemberPanel.tsx';
import { MemberSummaryPanel } from './MemberSummaryPanel.tsx';
import { OfflineBanner } from '../offline/OfflineBanner.tsx';
import { lazyPart } from '../app/LazyPart.tsx';
import './workspace.css';

// Loaded when the groups section is first opened.
const SecurityGroupsView = lazyPart(
  () => import('../groups/SecurityGroupsView.tsx').then((module) => module.SecurityGroupsView),
  'inline',
);

/** The signed-in frame: top bar, safe picker, members, and the member-limit sidebar. */
export function Workspace() {
  const loadSafes = useAppStore((state) => state.loadSafes);
  const selectedSafe = useAppStore(selectSelectedSafe);
  const section = useAppStore((state) => state.workspaceSection);

  useEffect(() => {
    void loadSafes();
  }, [loadSafes]);

  return (
    <div className="workspace">
      <TopBar />
      <SettingsNotice />
      <OfflineBanner />
      {section === 'groups' ? (
        <SecurityGroupsView />
      ) : (
        <div className="workspace__body">
          <SafePicker />
          <main className="workspace__main">
            <MemberPanel safe={selectedSafe} />
          </main>
          {selectedSafe ? <MemberSummaryPanel safe={selectedSafe} /> : null}
        </div>
      )}
    </div>
  );
}
