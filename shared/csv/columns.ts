/**
 * The columns of each export: the member list, a group's
 * members, the users × permissions matrix, the activity (audit) view and
 * the invitation pipeline. A column's key is its machine header; its
 * translated header is `csv.columns.<key>` of the catalogues (the same
 * names the import recognises). Values are translated too (roles, statuses,
 * languages, actions), or machine values when the file is written with
 * machine headers. Times are ISO 8601 in both: every spreadsheet reads them.
 */
import type { AuditEntry } from '../api/audit.ts';
import type { GroupMember, PermissionEntry, PermissionMatrix } from '../api/groups.ts';
import type { PipelineInvitation } from '../api/pipeline.ts';
import type { Member } from '../api/schemas.ts';
import { memberStatusShown } from '../invitation-state.ts';
import type { Translation } from '../i18n/en.ts';
import type { CsvColumn, CsvContext } from './write.ts';

export type CsvHeaderKey = keyof Translation['csv']['columns'];

/** A column whose header is `csv.columns.<key>`. */
export function column<Row>(key: CsvHeaderKey, value: (row: Row, context: CsvContext) => string): CsvColumn<Row> {
  return { key, header: (context) => context.catalogue.csv.columns[key], value };
}

const time = (value: string | null | undefined): string => value ?? '';

export const roleText = (role: Member['role'], context: CsvContext): string =>
  context.machine ? role : context.catalogue.roles[role];

export const languageText = (language: Member['language'], context: CsvContext): string =>
  context.machine ? language : context.catalogue.language.names[language];

const yesNo = (value: boolean, context: CsvContext): string =>
  context.machine ? String(value) : value ? context.catalogue.csv.yes : context.catalogue.csv.no;

/** `member.invited` → its label in `activity.actions`; an action this build does not know stays as it is. */
export function actionText(action: string, context: CsvContext): string {
  if (context.machine) return action;
  const [domain = '', verb = ''] = action.split('.');
  const labels = context.catalogue.activity.actions as Record<string, Record<string, string> | undefined>;
  return labels[domain]?.[verb] ?? action;
}

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

export const MEMBER_EXPORT_COLUMNS: readonly CsvColumn<Member>[] = [
  column('name', (member) => member.name),
  column('email', (member) => member.email),
  column('role', (member, context) => roleText(member.role, context)),
  // As the table shows it ("Expired" for an invitation whose code no longer works); machine values are the API's.
  column('status', (member, context) =>
    context.machine ? member.status : context.catalogue.members.status[memberStatusShown(member)],
  ),
  column('language', (member, context) => languageText(member.language, context)),
  column('invitedAt', (member) => member.invitedAt),
  column('activatedAt', (member) => time(member.activatedAt)),
  column('expiresAt', (member) => time(member.invitationExpiresAt)),
];

export const GROUP_MEMBER_EXPORT_COLUMNS: readonly CsvColumn<GroupMember>[] = [
  column('name', (member) => member.name),
  column('email', (member) => member.email),
  column('addedAt', (member) => member.addedAt),
];

export const AUDIT_EXPORT_COLUMNS: readonly CsvColumn<AuditEntry>[] = [
  column('at', (entry) => entry.at),
  column('actor', (entry) => entry.actor?.name ?? entry.actor?.id ?? ''),
  column('action', (entry, context) => actionText(entry.action, context)),
  column('subject', (entry) => entry.subject?.name ?? ''),
  column('subjectEmail', (entry) => entry.subject?.email ?? ''),
  column('before', (entry) => json(entry.before)),
  column('after', (entry) => json(entry.after)),
];

/** The pipeline's columns; `safeNames` names the safes of the listing (its `safes`). */
export function invitationExportColumns(
  safeNames: ReadonlyMap<string, string>,
): readonly CsvColumn<PipelineInvitation>[] {
  return [
    column('safe', (row) => safeNames.get(row.safeId) ?? row.safeId),
    column('name', (row) => row.member.name),
    column('email', (row) => row.member.email),
    column('role', (row, context) => roleText(row.member.role, context)),
    column('state', (row, context) =>
      context.machine ? row.state : context.catalogue.csv.invitationStates[row.state],
    ),
    column('invitedAt', (row) => row.member.invitedAt),
    column('expiresAt', (row) => time(row.expiresAt)),
    column('codeDelivery', (row, context) =>
      row.codeDelivery === null
        ? ''
        : context.machine
          ? row.codeDelivery
          : context.catalogue.csv.delivery[row.codeDelivery],
    ),
    column('mobile', (row) => row.sentTo ?? ''),
    column('smsState', (row, context) =>
      row.sms === null ? '' : context.machine ? row.sms.state : context.catalogue.csv.smsStates[row.sms.state],
    ),
    column('resendCount', (row) => String(row.resendCount)),
  ];
}

export type MatrixRow = PermissionMatrix['items'][number];

/**
 * The matrix: name, e-mail, then one column per permission of `permissions`
 * (the answer's column order). Headers are the permission's key (machine)
 * or its name in the UI language from the server's catalogue; cells yes / no.
 */
export function matrixExportColumns(
  permissions: readonly string[],
  catalogue: readonly PermissionEntry[],
): readonly CsvColumn<MatrixRow>[] {
  const names = new Map(catalogue.map((entry) => [entry.key, entry.name]));
  return [
    column('name', (row) => row.user.name),
    column('email', (row) => row.user.email),
    ...permissions.map((key): CsvColumn<MatrixRow> => ({
      key,
      header: (context) => names.get(key)?.[context.language] ?? key,
      value: (row, context) => yesNo(row.permissions.includes(key), context),
    })),
  ];
}
