import type { SliceCreator } from './types.ts';

/** The two halves of the console: team-safe members, and the organisation's security groups. */
export type WorkspaceSection = 'safes' | 'groups';

export interface NavigationSlice {
  workspaceSection: WorkspaceSection;
  setWorkspaceSection(section: WorkspaceSection): void;
  resetNavigation(): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  workspaceSection: 'safes',
  setWorkspaceSection(section) {
    set({ workspaceSection: section });
  },
  resetNavigation() {
    set({ workspaceSection: 'safes' });
  },
});
