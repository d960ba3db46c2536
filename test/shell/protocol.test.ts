import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { errorPages } from '../../electron/main/shell/error-page.ts';
import { installAppProtocol, registerAppScheme, type ProtocolApi } from '../../electron/main/shell/protocol.ts';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../electron/core/security.ts';

const root = mkdtempSync(join(tmpdir(), 'tsa-protocol-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A protocol stand-in that records registrations; `net.fetch` reads the file as Electron's would. */
function standInProtocol() {
  const schemes: unknown[] = [];
  const handlers = new Map<string, (request: Request) => Promise<Response>>();
  const fetched: string[] = [];
  const api: ProtocolApi = {
    protocol: {
      registerSchemesAsPrivileged: (list) => schemes.push(...list),
      handle: (scheme, handler) => handlers.set(scheme, handler),
    },
    net: {
      fetch: async (url) => {
        fetched.push(url);
        try {
          return new Response(readFileSync(fileURLToPath(url)));
        } catch {
          return new Response(null, { status: 404 });
        }
      },
    },
  };
  return { api, schemes, handlers, fetched };
}

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme before ready', () => {
    const { api, schemes } = standInProtocol();
    registerAppScheme(api.protocol);
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('answers every response with the strict CSP', async () => {
    const { api, handlers } = standInProtocol();
    installAppProtocol(api, { rendererRoot: root, pages: errorPages(() => 'fr', '/var/log/tsa') });
    const handle = handlers.get('app');
    expect(handle).toBeDefined();
    for (const [path, status, type] of [
      ['/index.html', 200, 'text/html; charset=utf-8'],
      ['/assets/index.js', 200, 'text/javascript; charset=utf-8'],
      ['/missing.js', 404, 'text/plain; charset=utf-8'],
      ['/assets/%2e%2e/%2e%2e/etc/passwd', 404, 'text/plain; charset=utf-8'],
      ['/__shell/error.html', 200, 'text/html; charset=utf-8'],
    ] as const) {
      const response = await handle!(new Request(`${APP_ORIGIN}${path}`));
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('content-type'), path).toBe(type);
    }
  });

  it('serves the error page in the current UI language, with the logs folder, and no inline script', async () => {
    const { api, handlers } = standInProtocol();
    installAppProtocol(api, { rendererRoot: root, pages: errorPages(() => 'fr', '/var/log/<tsa>') });
    const html = await (await handlers.get('app')!(new Request(`${APP_ORIGIN}/__shell/error.html`))).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Ouvrir le dossier des journaux');
    expect(html).toContain('/var/log/&#60;tsa&#62;');
    expect(html).not.toMatch(/<script>|<style>|\son[a-z]+="/);
    const script = await (await handlers.get('app')!(new Request(`${APP_ORIGIN}/__shell/error.js`))).text();
    expect(script).toContain("invoke('app:openLogsFolder'");
  });
});
