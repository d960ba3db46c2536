/**
 * The five team-safe roles and what each may do, as the team-safe member
 * guide describes them.
 * Data, not prose: the UI renders capabilities from this table, the server
 * enforces from it, and translations name each key.
 */
export const CAPABILITIES = [
  'viewFiles',
  'download',
  'upload',
  'edit',
  'delete',
  'sendSecurely',
  'shareLinks',
  'manageMembers',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_KEYS = ['administrator', 'editor', 'viewer', 'restrictedViewer', 'archivist'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const ROLE_CAPABILITIES: Readonly<Record<RoleKey, readonly Capability[]>> = {
  administrator: ['viewFiles', 'download', 'upload', 'edit', 'delete', 'sendSecurely', 'shareLinks', 'manageMembers'],
  editor: ['viewFiles', 'download', 'upload', 'edit', 'delete', 'sendSecurely', 'shareLinks'],
  viewer: ['viewFiles', 'download', 'sendSecurely', 'shareLinks'],
  restrictedViewer: ['viewFiles', 'shareLinks'],
  archivist: ['viewFiles', 'download', 'upload', 'sendSecurely', 'shareLinks'],
};

export function roleCan(role: RoleKey, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** A safe whose members are all Archivists can be turned into a digital archive. */
export function qualifiesAsDigitalArchive(roles: Iterable<RoleKey>): boolean {
  let any = false;
  for (const role of roles) {
    if (role !== 'archivist') return false;
    any = true;
  }
  return any;
}
