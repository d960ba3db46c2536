/**
 * Window and protocol security policy, as data: the Electron shell applies
 * it (window, `app://` protocol, navigation) and the preview host serves the
 * renderer with the same CSP, MIME types and file resolution. In the core so
 * both may import it; plain Node, no electron import.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'team-safe-admin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The window's web preferences as policy. `shell/window.ts` writes them out
 * literally at `new BrowserWindow(…)` (where Electronegativity and a
 * reviewer read them); a test holds that call to this list.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  disableBlinkFeatures: 'Auxclick',
} as const;

/** Navigation is allowed only within the app's own origin (or the dev server in development). */
export function isAllowedNavigation(url: string, allowedOrigins: readonly string[]): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') return false;
    return allowedOrigins.includes(`${parsed.protocol}//${parsed.host}`);
  } catch {
    return false;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function mimeType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && MIME[path.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

/**
 * Map a request path under the app origin to a file inside `root`, refusing
 * anything that would climb out of it. Returns null for a refused path.
 */
export function resolveAppFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.includes('\\'))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  return `${root.replace(/[\\/]+$/, '')}/${relative}`;
}
