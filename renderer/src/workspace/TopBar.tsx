import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/index.ts';
import { selectCurrentUser } from '../store/selectors.ts';
import { BrandMark } from '../app/BrandMark.tsx';
import { LanguageSelect } from '../app/LanguageSelect.tsx';
import { SectionNav } from './SectionNav.tsx';
import { HelpMenu } from '../shell/HelpMenu.tsx';
import { GearIcon } from '../app/icons.tsx';
import { detach } from '../detach.ts';
import '../styles/page.css';
import './top-bar.css';

export function TopBar() {
  const { t } = useTranslation();
  const user = useAppStore(selectCurrentUser);
  const signOut = useAppStore((state) => state.signOut);
  const openShellView = useAppStore((state) => state.openShellView);
  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <BrandMark size={24} />
        <span className="top-bar__product">{t('app.title')}</span>
      </div>
      <SectionNav />
      <div className="top-bar__actions">
        <HelpMenu />
        <LanguageSelect />
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => openShellView('settings')}
          data-testid="open-settings"
        >
          <GearIcon />
          <span>{t('preferences.open')}</span>
        </button>
        {user ? (
          <span className="top-bar__user" title={t('topBar.signedInAs', { name: `${user.name} <${user.email}>` })}>
            <span className="avatar" aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="top-bar__user-name" data-testid="current-user">
              {user.name}
            </span>
          </span>
        ) : null}
        <button type="button" className="button button--secondary button--small" onClick={() => detach(signOut())}>
          {t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
