import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import type { WorkspaceSection } from '../store/navigation.ts';
import './section-nav.css';

/** Each section and its name. */
const SECTIONS: readonly (readonly [WorkspaceSection, (t: TFunction) => string])[] = [
  ['safes', (t) => t('nav.safes')],
  ['groups', (t) => t('nav.groups')],
  ['invitations', (t) => t('pipeline.nav')],
];

/** Team-safe members or security groups: the two halves of the console. */
export function SectionNav() {
  const { t } = useTranslation();
  const { section, setSection } = useAppStore(
    useShallow((state) => ({ section: state.workspaceSection, setSection: state.setWorkspaceSection })),
  );
  return (
    <nav className="section-nav" aria-label={t('nav.label')} data-testid="section-nav">
      {SECTIONS.map(([each, label]) => (
        <button
          key={each}
          type="button"
          className={`section-nav__item${section === each ? ' is-current' : ''}`}
          aria-current={section === each ? 'page' : undefined}
          data-section={each}
          onClick={() => setSection(each)}
        >
          {label(t)}
        </button>
      ))}
    </nav>
  );
}
