/**
 * The preview host's side of DNS rebinding and cross-origin reads: it answers to its own
 * address only (DNS rebinding), and its push stream, like its invoke
 * endpoint, serves same-origin pages only.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { startPreviewHost, type PreviewHost } from '../../electron/preview/host.ts';
import { createLogger } from '../../electron/core/log.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

/** One raw GET; for event streams only the head is awaited, then the connection is dropped. */
function get(origin: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      setHost: false,
      headers,
    });
    req.on('response', (response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      response.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

describe('preview host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-preview-host-'));
  let host: PreviewHost;
  let own: string;
  let cookie: string;

  beforeAll(async () => {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    const core = await createNodeCore({
      dataDir: join(dir, 'data'),
      defaultServerUrl: 'http://127.0.0.1:9',
      keychainService: 'Team Safe Admin (preview host test)',
      log: createLogger(() => {}),
    });
    host = await startPreviewHost({ core, rendererDir });
    own = new URL(host.origin).host;
    const link = new URL(host.issueLink());
    const signedIn = await get(host.origin, link.pathname + link.search, { host: own });
    expect(signedIn.status).toBe(303);
    cookie = String(signedIn.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    expect(cookie).toMatch(/^tsa_preview=/);
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 421 to a request that names another host, even with a valid session', async () => {
    for (const name of ['evil.example', `evil.example:${new URL(host.origin).port}`, '']) {
      for (const path of ['/', '/__preview/events', '/__preview/bridge.js']) {
        expect((await get(host.origin, path, { host: name, cookie })).status, `${name} ${path}`).toBe(421);
      }
    }
    expect((await get(host.origin, '/', { host: own, cookie })).status).toBe(200);
  });

  it('streams pushes to same-origin pages only', async () => {
    const events = (headers: Record<string, string>) =>
      get(host.origin, '/__preview/events', { host: own, cookie, ...headers });
    expect((await events({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await events({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await events({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // neither header: not a browser page of ours
    expect((await events({})).status).toBe(403);

    // what Chromium sends for the app's own EventSource: no Origin on a same-origin GET, Sec-Fetch-Site same-origin
    const same = await events({ 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
    expect(same.headers['content-type']).toBe('text/event-stream');
    expect((await events({ origin: host.origin })).status).toBe(200);
  });
});
