import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { initI18n, systemLanguage } from './i18n.ts';
import { App } from './app/App.tsx';
import './styles/base.css';
import './styles/forced-colors.css';

// Start in the system language; the saved choice (settings:get) replaces it
// before the first real screen is shown.
const i18n = initI18n(systemLanguage());

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
