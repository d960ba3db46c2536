/**
 * The preview host: serves the built renderer to a browser and answers its
 * bridge calls with the real main-process core, in Node. Loopback only; the
 * printed link carries a one-time token that is swapped for an HttpOnly
 * cookie, so nothing else on the machine can drive the core. Development and
 * tests only: it is never part of a packaged app.
 *
 * Calls and pushes share one WebSocket, the nearest a browser has to the
 * app's IPC: a message each way per call. A fetch per call cost the renderer
 * about 10 ms more per round trip in Chromium (request and body each wait
 * their turn on the page's thread), which the benchmark would have counted
 * against the app although the app never pays it.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { asErrorShape } from '../../shared/errors.ts';
import { isOwnHost, ownHostNames } from '../../shared/hosts.ts';
import { CONTENT_SECURITY_POLICY, mimeType, resolveAppFile } from '../core/security.ts';
import type { Core } from '../core/core.ts';
import { SENSITIVE_CLEAR_SECONDS } from '../core/shell/clipboard.ts';
import { CLIPBOARD_TEXT_MAX } from '../../shared/ipc/shell.ts';

export interface PreviewHostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
}

export interface PreviewHost {
  origin: string;
  /** A fresh one-time sign-in link for a browser. */
  issueLink(): string;
  close(): Promise<void>;
}

const COOKIE = 'tsa_preview';
/** One call's message, as the app's IPC would carry it. */
const MAX_MESSAGE = 256 * 1024;
const SOCKET_PATH = '/__preview/socket';

// Wrapped so that its helpers do not become page globals; the constants it declares come from their sources.
const bridgeScript = `(() => {
const SENSITIVE_CLEAR_SECONDS = ${SENSITIVE_CLEAR_SECONDS};
const CLIPBOARD_TEXT_MAX = ${CLIPBOARD_TEXT_MAX};
${stripTypeScriptTypes(await readFile(new URL('./bridge-client.ts', import.meta.url), 'utf8'))}
})();
`;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return null;
}

function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** A call as the page sends it: its number (echoed in the answer), the channel and the payload. */
function parseCall(data: string): { id: number; channel: unknown; payload: unknown } | null {
  let call: unknown;
  try {
    call = JSON.parse(data);
  } catch {
    return null;
  }
  if (!call || typeof call !== 'object') return null;
  const { id, channel, payload } = call as { id?: unknown; channel?: unknown; payload?: unknown };
  return Number.isSafeInteger(id) ? { id: id as number, channel, payload } : null;
}

/** Refuses a socket before it is one: a plain HTTP answer on the raw connection. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const { core, rendererDir } = options;
  const pendingTokens = new Set<string>();
  const sessions = new Set<string>();
  let origin = '';
  let hosts: readonly string[] = [];
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });

  const unsubscribe = core.subscribe((event, payload) => {
    const data = JSON.stringify({ event, payload });
    for (const socket of sockets.clients) socket.send(data);
  });

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, 'Internal error'));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseSocket(request);
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.text);
    sockets.handleUpgrade(request, socket, head, serve);
  });

  const hasSession = (request: IncomingMessage): boolean => {
    const cookie = cookieValue(request);
    return cookie !== null && [...sessions].some((session) => sameSecret(session, cookie));
  };

  /** Own host, a session, and the page's own origin (a browser always names it on a socket): else why not. */
  function refuseSocket(request: IncomingMessage): { status: number; text: string } | null {
    if (!isOwnHost(request.headers.host, hosts))
      return { status: 421, text: 'This preview host answers to its own address only.' };
    if (!hasSession(request)) return { status: 403, text: 'Open the link that `npm run preview` printed.' };
    // A page elsewhere may neither call the core nor listen to its pushes.
    if (request.headers.origin !== origin) return { status: 403, text: 'Forbidden' };
    if (new URL(request.url ?? '/', origin).pathname !== SOCKET_PATH) return { status: 404, text: 'Not found' };
    return null;
  }

  /** Each text message is one call; its answer carries the call's number. Anything else ends the socket. */
  function serve(socket: WebSocket): void {
    socket.on('message', (data, isBinary) => {
      const call = isBinary ? null : parseCall(data.toString());
      if (!call) return socket.close(1007, 'malformed call');
      const answer = (result: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: call.id, result }));
      };
      core
        .dispatch(call.channel, call.payload)
        .then(answer, (error: unknown) => answer({ ok: false, error: asErrorShape(error) }));
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a foreign page reaches the port but names its own host
    if (!isOwnHost(request.headers.host, hosts))
      return send(response, 421, 'This preview host answers to its own address only.');
    const url = new URL(request.url ?? '/', origin);
    const token = url.searchParams.get('token');
    if (token !== null) {
      const match = [...pendingTokens].find((pending) => sameSecret(pending, token));
      if (!match)
        return send(
          response,
          403,
          'This preview link was already used or is not valid. Start `npm run preview` again for a new one.',
        );
      pendingTokens.delete(match);
      const session = randomBytes(32).toString('base64url');
      sessions.add(session);
      response.writeHead(303, {
        location: '/',
        'set-cookie': `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void response.end();
    }
    if (!hasSession(request)) return send(response, 403, 'Open the link that `npm run preview` printed.');

    if (url.pathname.startsWith('/__preview/download/')) {
      // A CSV export the core wrote (no save dialog here): handed to the browser once, then deleted.
      if (request.method !== 'GET') return send(response, 403, 'Forbidden');
      const download = core.exports.takeDownload(url.pathname.slice('/__preview/download/'.length));
      if (!download) return send(response, 404, 'Not found');
      const bytes = await readFile(download.path);
      await rm(download.path, { force: true });
      response.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${download.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return void response.end(bytes);
    }
    if (url.pathname === '/__preview/bridge.js')
      return send(response, 200, bridgeScript, 'text/javascript; charset=utf-8');

    const file = resolveAppFile(rendererDir, url.pathname);
    if (!file) return send(response, 404, 'Not found');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return send(response, 404, 'Not found');
    }
    if (file.endsWith('/index.html')) {
      // The bridge must exist before the app's module script runs.
      const html = content
        .toString('utf8')
        .replace('<head>', '<head>\n    <script src="/__preview/bridge.js"></script>');
      return send(response, 200, html, 'text/html; charset=utf-8');
    }
    return send(response, 200, content, mimeType(file));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hosts = ownHostNames('127.0.0.1', port);

  return {
    origin,
    issueLink() {
      const token = randomBytes(32).toString('base64url');
      pendingTokens.add(token);
      return `${origin}/?token=${token}`;
    },
    async close() {
      unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
