/**
 * The page a window shows when its renderer failed twice: local, served by
 * the app protocol under the strict CSP (no inline script or style),
 * translated into the current UI language, with "Open logs folder" (through
 * the same typed bridge as the app) and "Try again".
 */
import { CATALOGUES, interpolate } from '../../../shared/i18n/catalogues.ts';
import type { Language } from '../../../shared/languages.ts';
import { APP_ORIGIN } from '../../core/security.ts';
import type { GeneratedPage } from './protocol.ts';

export const ERROR_PAGE_PATH = '/__shell/error.html';
export const ERROR_PAGE_URL = `${APP_ORIGIN}${ERROR_PAGE_PATH}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function renderErrorPage(language: Language, logsFolder: string | null): string {
  const t = CATALOGUES[language].errorPage;
  const logs = logsFolder ? `<p class="logs">${escapeHtml(interpolate(t.logsAt, { path: logsFolder }))}</p>` : '';
  return `<!doctype html>
<html lang="${language}">
  <head>
    <meta charset="utf-8" />
    <meta name="color-scheme" content="light dark" />
    <title>${escapeHtml(t.title)}</title>
    <link rel="stylesheet" href="/__shell/error.css" />
    <script src="/__shell/error.js" defer></script>
  </head>
  <body>
    <main>
      <h1>${escapeHtml(t.title)}</h1>
      <p>${escapeHtml(t.body)}</p>
      ${logs}
      <p class="actions">
        <button type="button" id="retry">${escapeHtml(t.retry)}</button>
        <button type="button" id="open-logs">${escapeHtml(t.openLogs)}</button>
      </p>
    </main>
  </body>
</html>
`;
}

const SCRIPT = `document.getElementById('retry').addEventListener('click', () => location.assign('/index.html'));
document.getElementById('open-logs').addEventListener('click', () => {
  if (window.teamSafe) void window.teamSafe.invoke('app:openLogsFolder', {});
});
`;

const STYLE = `body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
main { max-width: 34rem; padding: 2rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
.logs { font-family: ui-monospace, monospace; font-size: 0.85rem; overflow-wrap: anywhere; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.45rem 1rem; }
`;

/** The error page and its two static parts, for the app protocol. */
export function errorPages(
  language: () => Language,
  logsFolder: string | null,
): Readonly<Record<string, GeneratedPage>> {
  return {
    [ERROR_PAGE_PATH]: { type: 'text/html; charset=utf-8', body: () => renderErrorPage(language(), logsFolder) },
    '/__shell/error.js': { type: 'text/javascript; charset=utf-8', body: () => SCRIPT },
    '/__shell/error.css': { type: 'text/css; charset=utf-8', body: () => STYLE },
  };
}
