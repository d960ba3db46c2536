/**
 * How an audit entry reads in the activity views: its action's label, and
 * its before → after as the fields that changed ("Role: Viewer → Editor"),
 * each value translated (roles, statuses, languages, membership). Entries
 * hold their state as recorded by the server; fields that are bookkeeping
 * (versions, ids) are left out, and an action this build does not know
 * shows as it is.
 */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../shared/api/audit.ts';

/** The fields shown, in this order. */
const FIELDS = ['role', 'status', 'member', 'language', 'name', 'email'] as const;
type Field = (typeof FIELDS)[number];

export interface FieldChange {
  field: Field;
  before: string;
  after: string;
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function valueText(t: TFunction, field: Field, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('activity.none');
  if (field === 'member') return value === true ? t('activity.yes') : t('activity.no');
  const text = String(value);
  const key =
    field === 'role' ? `roles.${text}` : field === 'status' ? `members.status.${text}` : `language.names.${text}`;
  return field === 'role' || field === 'status' || field === 'language' ? t(key, { defaultValue: text }) : text;
}

/** The fields that differ between before and after (a creation or deletion: every field it had). */
export function fieldChanges(t: TFunction, entry: AuditEntry): FieldChange[] {
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    const old = before?.[field];
    const now = after?.[field];
    if (old === undefined && now === undefined) continue;
    if (before && after && JSON.stringify(old) === JSON.stringify(now)) continue;
    // Name and address say who it is about; they count as a change only when both sides have them.
    if ((field === 'name' || field === 'email') && !(before && after)) continue;
    changes.push({ field, before: valueText(t, field, old), after: valueText(t, field, now) });
  }
  return changes;
}

/** "Role: Viewer → Editor; Status: Invited → Activated". */
export function changeText(t: TFunction, entry: AuditEntry): string {
  return fieldChanges(t, entry)
    .map((change) => `${t(`activity.fields.${change.field}`)}: ${change.before} → ${change.after}`)
    .join('; ');
}

/** The action's label; an unknown action as it is. */
export function actionLabel(t: TFunction, action: string): string {
  const [domain = '', verb = ''] = action.split('.');
  return t(`activity.actions.${domain}.${verb}`, { defaultValue: action });
}

/** The group an org-wide entry is about, as it was named then. */
export function groupName(entry: AuditEntry): string {
  const record = asRecord(entry.after) ?? asRecord(entry.before);
  const name = record?.groupName;
  return typeof name === 'string' ? name : entry.targetId;
}
