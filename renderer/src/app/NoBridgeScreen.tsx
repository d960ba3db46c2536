import { useTranslation } from 'react-i18next';

/** Shown when the page runs without the preload (opened straight in a browser). */
export function NoBridgeScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen-centre">
      <main className="card card--message">
        <h1 className="card__title">{t('noBridge.title')}</h1>
        <p>{t('noBridge.body')}</p>
        <p className="muted">{t('noBridge.previewHint')}</p>
        <pre className="code-block">
          <code>npm run preview</code>
        </pre>
      </main>
    </div>
  );
}
