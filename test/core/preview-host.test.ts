/**
 * The preview host's side of DNS rebinding and cross-origin reads: it answers to its own
 * address only (DNS rebinding), and its bridge socket (calls and pushes)
 * serves same-origin pages with a session only.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
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
      for (const path of ['/', '/__preview/bridge.js']) {
        expect((await get(host.origin, path, { host: name, cookie })).status, `${name} ${path}`).toBe(421);
      }
    }
    expect((await get(host.origin, '/', { host: own, cookie })).status).toBe(200);
  });

  /** Opens the bridge socket with these handshake headers: the socket, or the HTTP status it was refused with. */
  function openSocket(headers: Record<string, string>, path = '/__preview/socket'): Promise<WebSocket | number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(new URL(path, host.origin.replace('http', 'ws')), { headers });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      });
      socket.once('error', reject);
    });
  }

  /** One call over an open socket: the answer that carries its number. */
  function call(socket: WebSocket, message: string, id: number): Promise<unknown> {
    return new Promise((resolve) => {
      const onMessage = (data: Buffer) => {
        const answer = JSON.parse(data.toString()) as { id?: number; result?: unknown };
        if (answer.id !== id) return;
        socket.off('message', onMessage);
        resolve(answer.result);
      };
      socket.on('message', onMessage);
      socket.send(message);
    });
  }

  it('opens its bridge socket to same-origin pages with a session only', async () => {
    const refused = async (headers: Record<string, string>, path?: string) => {
      const socket = await openSocket(headers, path);
      if (typeof socket !== 'number') socket.terminate();
      return socket;
    };
    expect(await refused({ host: 'evil.example', origin: host.origin, cookie })).toBe(421);
    expect(await refused({ host: own, origin: 'http://evil.example', cookie })).toBe(403);
    // ws sends no Origin unless told: neither a page of ours nor a browser
    expect(await refused({ host: own, cookie })).toBe(403);
    expect(await refused({ host: own, origin: host.origin })).toBe(403);
    expect(await refused({ host: own, origin: host.origin, cookie: 'tsa_preview=guess' })).toBe(403);
    expect(await refused({ host: own, origin: host.origin, cookie }, '/__preview/other')).toBe(404);

    const socket = await openSocket({ host: own, origin: host.origin, cookie });
    expect(socket).toBeInstanceOf(WebSocket);
    (socket as WebSocket).terminate();
  });

  it('answers each call by its number through the core, and ends the socket on a message that is not a call', async () => {
    const socket = (await openSocket({ host: own, origin: host.origin, cookie })) as WebSocket;
    // the core's own validation answers: an unknown channel is refused, not a crash
    const unknown = (await call(socket, JSON.stringify({ id: 7, channel: 'no:such', payload: {} }), 7)) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(unknown.ok).toBe(false);
    expect(unknown.error?.code).toBe('unknown_channel');
    const settings = (await call(socket, JSON.stringify({ id: 8, channel: 'settings:get', payload: {} }), 8)) as {
      ok: boolean;
    };
    expect(settings.ok).toBe(true);

    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"channel":"settings:get"}');
    expect(await closed).toBe(1007);
  });
});
