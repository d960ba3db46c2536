import type { SliceCreator } from './types.ts';

/** The sections of the console: team-safe members, the organisation's security groups, and every safe's invitations. */
export type WorkspaceSection = 'safes' | 'groups' | 'invitations';

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
