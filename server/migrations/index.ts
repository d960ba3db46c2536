/**
 * Ordered schema steps. Append only: a released step is never edited, a
 * change is a new step (a new file here). Step `n` (1-based) is recorded as
 * version `n` in `schema_migrations`.
 */
import accountsAndSafes from './0001-accounts-and-safes.ts';
import auditLog from './0002-audit-log.ts';
import securityGroups from './0003-security-groups.ts';
import invitations from './0004-invitations.ts';
import syncChangeLogs from './0005-sync-change-logs.ts';
import hardening from './0006-hardening.ts';
import adminPowerFeatures from './0007-admin-power-features.ts';
import memberCounts from './0008-member-counts.ts';

export const MIGRATIONS: readonly string[] = [
  accountsAndSafes,
  auditLog,
  securityGroups,
  invitations,
  syncChangeLogs,
  hardening,
  adminPowerFeatures,
  memberCounts,
];
