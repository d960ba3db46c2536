import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/api/schemas.ts';
import { memberStatusShown, type MemberStatusShown } from '../../../shared/invitation-state.ts';
import type { ColumnDef } from '../table/columns.ts';

/** A body cell's horizontal padding: `.member-table__cell` in member-table.css. */
const CELL = 24;
/** A header's chrome: the cell's padding (6 + 6), the sort button's padding (6 + 6), its gap and icon (6 + 10). */
const HEAD = 40;
/** A status badge: its padding (9 + 9), dot and gap (7 + 6), in a cell. */
const BADGE = CELL + 31;
/** The row actions button's column. */
export const ACTIONS_WIDTH = 44;

/**
 * A translated label per value, looked up once: a role, status or language
 * column repeats a handful of values across every loaded page and every
 * painted row, and an i18next lookup costs far more than a Map's.
 */
function labels<Value extends string>(translate: (value: Value) => string): (value: Value) => string {
  const known = new Map<Value, string>();
  return (key) => {
    let label = known.get(key);
    if (label === undefined) {
      label = translate(key);
      known.set(key, label);
    }
    return label;
  };
}

/** The member table's columns in the UI language; `withActions` adds the administrators' row menu. */
export function useMemberColumns(withActions: boolean): readonly ColumnDef<Member>[] {
  const { t } = useTranslation();
  return useMemo(() => {
    const role = labels((value: Member['role']) => t(`roles.${value}`));
    const status = labels((value: MemberStatusShown) => t(`members.status.${value}`));
    const language = labels((value: Member['language']) => t(`language.names.${value}`));
    const columns: ColumnDef<Member>[] = [
      {
        id: 'name',
        label: t('members.columns.name'),
        text: (member) => member.name,
        min: 110,
        max: 320,
        chrome: CELL,
        headChrome: HEAD,
      },
      {
        id: 'email',
        label: t('members.columns.email'),
        text: (member) => member.email,
        min: 130,
        max: 420,
        chrome: CELL,
        headChrome: HEAD,
      },
      {
        id: 'role',
        label: t('members.columns.role'),
        text: (member) => role(member.role),
        min: 90,
        max: 240,
        chrome: CELL,
        headChrome: HEAD,
      },
      {
        id: 'status',
        label: t('members.columns.status'),
        text: (member) => status(memberStatusShown(member)),
        min: 90,
        max: 220,
        chrome: BADGE,
        headChrome: HEAD,
      },
      {
        id: 'language',
        label: t('members.columns.language'),
        text: (member) => language(member.language),
        min: 90,
        max: 220,
        chrome: CELL,
        headChrome: HEAD,
      },
    ];
    if (withActions)
      columns.push({ id: 'actions', label: t('memberActions.column'), min: 0, max: 0, fixed: ACTIONS_WIDTH });
    return columns;
  }, [t, withActions]);
}
