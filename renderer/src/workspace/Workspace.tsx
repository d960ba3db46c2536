import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectSelectedSafe } from '../store/selectors.ts';
import { SettingsNotice } from '../app/Notice.tsx';
import { TopBar } from './TopBar.tsx';
import { SafePicker } from './SafePicker.tsx';
import { MemberPanel } from './MemberPanel.tsx';
import { MemberSummaryPanel } from './MemberSummaryPanel.tsx';
import './workspace.css';

/** The signed-in frame: top bar, safe picker, members, and the member-limit sidebar. */
export function Workspace() {
  const loadSafes = useAppStore((state) => state.loadSafes);
  const selectedSafe = useAppStore(selectSelectedSafe);

  useEffect(() => {
    void loadSafes();
  }, [loadSafes]);

  return (
    <div className="workspace">
      <TopBar />
      <SettingsNotice />
      <div className="workspace__body">
        <SafePicker />
        <main className="workspace__main">
          <MemberPanel safe={selectedSafe} />
        </main>
        {selectedSafe ? <MemberSummaryPanel safe={selectedSafe} /> : null}
      </div>
    </div>
  );
}
