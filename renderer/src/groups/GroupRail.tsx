import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import { ErrorText } from '../app/ErrorText.tsx';
import { usePermissionText } from './permissions.ts';
import '../styles/page.css';
import { HistoryIcon, MatrixIcon } from '../app/icons.tsx';
import { detach } from '../detach.ts';

/** The organisation's groups (name, permissions, member count) and the way to the matrix. */
export function GroupRail() {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const overviewId = useId();
  const text = usePermissionText();
  const { groups, load, selectedGroupId, pane, selectGroup, showMatrix, showGroupHistory, reload } = useAppStore(
    useShallow((state) => ({
      groups: state.securityGroups,
      load: state.securityGroupsLoad,
      selectedGroupId: state.selectedGroupId,
      pane: state.groupsPane,
      selectGroup: state.selectGroup,
      showMatrix: state.showMatrix,
      showGroupHistory: state.showGroupHistory,
      reload: state.loadSecurityGroups,
    })),
  );
  const forbidden = load.error?.code === 'forbidden';

  return (
    <nav className="side-rail group-rail" aria-labelledby={headingId} data-testid="group-rail">
      <h2 id={headingId} className="section-label">
        {t('groups.heading')}
      </h2>
      {load.status === 'failed' && load.error ? (
        <div className="inline-error" role="alert">
          <p>
            {forbidden ? (
              t('groups.forbidden')
            ) : (
              <>
                {t('groups.loadFailed')} <ErrorText error={load.error} />
              </>
            )}
          </p>
          {forbidden ? null : (
            <button type="button" className="button button--secondary button--small" onClick={() => detach(reload())}>
              {t('app.retry')}
            </button>
          )}
        </div>
      ) : null}
      {load.status === 'loading' && groups.length === 0 ? (
        <p className="muted side-rail__status" role="status">
          {t('app.loading')}
        </p>
      ) : null}
      {load.status === 'ready' && groups.length === 0 ? (
        <p className="muted side-rail__status">{t('groups.empty')}</p>
      ) : null}
      {groups.length > 0 ? (
        <ul className="side-rail__list">
          {groups.map((group) => {
            const selected = pane === 'group' && group.id === selectedGroupId;
            const names = group.permissions.map((key) => text(key).name);
            return (
              <li key={group.id}>
                <button
                  type="button"
                  className={`side-rail__item group-rail__item${selected ? ' is-selected' : ''}`}
                  aria-current={selected ? 'true' : undefined}
                  data-group-id={group.id}
                  onClick={() => selectGroup(group.id)}
                >
                  <span className="group-rail__top">
                    <span className="group-rail__name">{group.name}</span>
                    <span className="group-rail__count" data-testid="group-rail-count" data-count={group.memberCount}>
                      {t('groups.memberCount', { count: group.memberCount })}
                    </span>
                  </span>
                  <span className="visually-hidden">
                    {t('groups.permissionsLabel', { permissions: format.list(names) })}
                  </span>
                  <span className="chips" aria-hidden="true">
                    {names.map((name, index) => (
                      <span key={group.permissions[index]} className="chip">
                        {name}
                      </span>
                    ))}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {forbidden ? null : (
        <>
          <h2 id={overviewId} className="section-label group-rail__overview">
            {t('groups.overview')}
          </h2>
          <button
            type="button"
            className={`side-rail__item group-rail__item group-rail__item--plain${pane === 'matrix' ? ' is-selected' : ''}`}
            aria-current={pane === 'matrix' ? 'true' : undefined}
            data-testid="matrix-link"
            onClick={showMatrix}
          >
            <MatrixIcon />
            <span className="group-rail__name">{t('groups.matrixLink')}</span>
          </button>
          <button
            type="button"
            className={`side-rail__item group-rail__item group-rail__item--plain${pane === 'history' ? ' is-selected' : ''}`}
            aria-current={pane === 'history' ? 'true' : undefined}
            data-testid="group-history-link"
            onClick={showGroupHistory}
          >
            <HistoryIcon />
            <span className="group-rail__name">{t('activity.groupHistory')}</span>
          </button>
          <p className="group-rail__note muted">{t('groups.definedBy')}</p>
        </>
      )}
    </nav>
  );
}
