import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { SecurityGroup } from '../../../shared/api/groups.ts';
import { useAppStore } from '../store/index.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { permissionTree, usePermissionText } from './permissions.ts';
import { detach } from '../detach.ts';

/**
 * The permissions a group grants, with the catalogue's one-line description;
 * sub-rights are nested under their parent. Granting a parent includes its
 * sub-rights; a group may also grant a sub-right alone.
 */
export function GroupPermissions({ group }: { group: SecurityGroup }) {
  const { t } = useTranslation();
  const text = usePermissionText();
  const { catalogue, catalogueLoad, reload } = useAppStore(
    useShallow((state) => ({
      catalogue: state.permissionCatalogue,
      catalogueLoad: state.catalogueLoad,
      reload: state.loadPermissionCatalogue,
    })),
  );
  const granted = new Set(group.permissions);
  const tree = permissionTree(catalogue?.items ?? []);
  const known = new Set(catalogue?.items.map((item) => item.key) ?? []);
  const unknown = group.permissions.filter((key) => !known.has(key));

  return (
    <section className="panel" aria-labelledby="group-permissions-title" data-testid="group-permissions">
      <div className="panel__head">
        <h2 id="group-permissions-title" className="panel__title">
          {t('groups.detail.permissionsHeading')}
        </h2>
      </div>
      {catalogueLoad.status === 'failed' && catalogueLoad.error ? (
        <RetryAlert
          message={t('groups.detail.catalogueFailed')}
          error={catalogueLoad.error}
          onRetry={() => detach(reload())}
        />
      ) : null}
      <ul className="permission-list">
        {tree.map(({ entry, children }) => {
          const parentGranted = granted.has(entry.key);
          const shownChildren = children.filter((child) => parentGranted || granted.has(child.key));
          if (!parentGranted && shownChildren.length === 0) return null;
          const parent = text(entry.key);
          return (
            <li key={entry.key} className="permission" data-permission={entry.key}>
              <PermissionLine
                name={parent.name}
                description={parent.description}
                note={parentGranted ? undefined : t('groups.detail.subRightsOnly')}
                muted={!parentGranted}
              />
              {shownChildren.length > 0 ? (
                <ul className="permission-list permission-list--nested">
                  {shownChildren.map((child) => {
                    const sub = text(child.key);
                    return (
                      <li key={child.key} className="permission" data-permission={child.key}>
                        <PermissionLine
                          name={sub.name}
                          description={sub.description}
                          note={
                            parentGranted && !granted.has(child.key) ? t('groups.detail.includedWithParent') : undefined
                          }
                        />
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          );
        })}
        {unknown.map((key) => (
          <li key={key} className="permission" data-permission={key}>
            <PermissionLine name={key} description={t('groups.detail.unknownPermission')} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PermissionLine({
  name,
  description,
  note,
  muted = false,
}: {
  name: string;
  description: string;
  note?: string | undefined;
  muted?: boolean;
}) {
  return (
    <div className={`permission__line${muted ? ' is-muted' : ''}`}>
      <span className="permission__name">
        {name}
        {note ? <span className="permission__note">{note}</span> : null}
      </span>
      {description ? <span className="permission__description">{description}</span> : null}
    </div>
  );
}
