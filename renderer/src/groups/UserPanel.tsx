import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { permissionTree, usePermissionText } from './permissions.ts';
import { CloseIcon } from '../app/icons.tsx';
import '../styles/page.css';

/** One person: the groups they are in and their effective permissions (with where each comes from). */
export function UserPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const text = usePermissionText();
  const { view, catalogue, closeUser, reloadUser, selectGroup } = useAppStore(
    useShallow((state) => ({
      view: state.userView,
      catalogue: state.permissionCatalogue,
      closeUser: state.closeUser,
      reloadUser: state.reloadUser,
      selectGroup: state.selectGroup,
    })),
  );
  if (!view) return null;
  const data = view.data?.user.id === view.userId ? view.data : null;
  const person = data?.user ?? view.preview;
  const effective = new Set(data?.effective ?? []);
  const restricted = new Set(catalogue?.restricted ?? []);
  const parentOf = new Map((catalogue?.items ?? []).map((item) => [item.key, item.parent]));
  const via = (key: string) =>
    (data?.groups ?? [])
      .filter((group) => group.permissions.includes(key) || group.permissions.includes(parentOf.get(key) ?? '\0'))
      .map((group) => group.name);
  const tree = permissionTree(catalogue?.items ?? []);

  const line = (key: string) => {
    const has = effective.has(key);
    const source = via(key);
    const where = has
      ? source.length > 0
        ? t('groups.user.via', { groups: format.list(source) })
        : restricted.has(key)
          ? ''
          : t('groups.user.open')
      : t('groups.user.notGranted');
    const permission = text(key);
    return (
      <div className={`effective${has ? ' effective--has' : ' effective--not'}`} data-permission={key} data-has={has}>
        <span className="effective__mark" aria-hidden="true">
          {has ? '✓' : '–'}
        </span>
        <span className="effective__text">
          <span className="effective__name">
            {permission.name}
            <span className="visually-hidden">: {has ? t('groups.user.has') : t('groups.user.hasNot')}</span>
          </span>
          {where ? <span className="effective__where">{where}</span> : null}
        </span>
      </div>
    );
  };

  return (
    <aside
      className="user-panel"
      aria-label={t('groups.user.label', { name: person?.name ?? '' })}
      data-testid="user-panel"
      data-user-id={view.userId}
      aria-busy={view.load.status === 'loading'}
    >
      <div className="user-panel__head">
        <span className="avatar" aria-hidden="true">
          {initials(person?.name ?? '')}
        </span>
        <div className="user-panel__who">
          <h2 id={headingId} className="user-panel__name">
            {person?.name}
          </h2>
          <p className="user-panel__email" title={person?.email}>
            {person?.email}
          </p>
        </div>
        <button type="button" className="user-panel__close" aria-label={t('groups.close')} onClick={closeUser}>
          <CloseIcon />
        </button>
      </div>

      {view.load.status === 'failed' && view.load.error ? (
        <RetryAlert message={t('groups.user.loadFailed')} error={view.load.error} onRetry={reloadUser} />
      ) : null}
      {!data && view.load.status !== 'failed' ? (
        <p className="muted user-panel__loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t('app.loading')}
        </p>
      ) : null}

      {data ? (
        <>
          <section className="user-panel__section" aria-labelledby={`${headingId}-groups`}>
            <h3 id={`${headingId}-groups`} className="section-label">
              {t('groups.user.groups')}
            </h3>
            {data.groups.length === 0 ? (
              <p className="muted user-panel__empty">{t('groups.user.noGroups')}</p>
            ) : (
              <ul className="user-panel__groups" data-testid="user-groups">
                {data.groups.map((group) => (
                  <li key={group.id}>
                    <button
                      type="button"
                      className="user-panel__group"
                      data-group-id={group.id}
                      onClick={() => selectGroup(group.id)}
                    >
                      <span className="user-panel__group-name">{group.name}</span>
                      <span className="chips">
                        {group.permissions.map((key) => (
                          <span key={key} className="chip">
                            {text(key).name}
                          </span>
                        ))}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="user-panel__section" aria-labelledby={`${headingId}-effective`}>
            <h3 id={`${headingId}-effective`} className="section-label">
              {t('groups.user.effective')}
            </h3>
            <ul className="effective-list" data-testid="user-effective">
              {tree.map(({ entry, children }) => (
                <li key={entry.key}>
                  {line(entry.key)}
                  {children.length > 0 ? (
                    <ul className="effective-list effective-list--nested">
                      {children.map((child) => (
                        <li key={child.key}>{line(child.key)}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </aside>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(parts[0] ?? '')][0] ?? '';
  const last = parts.length > 1 ? ([...(parts.at(-1) ?? '')][0] ?? '') : '';
  return (first + last).toUpperCase();
}
