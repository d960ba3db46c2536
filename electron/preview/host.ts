/**
 * The preview host: serves the built renderer to a browser and answers its
 * bridge calls with the real main-process core, in Node. Loopback only; the
 * printed link carries a one-time token that is swapped for an HttpOnly
 * cookie, so nothing else on the machine can drive the core. Development and
 * tests only: it is never part of a packaged app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import type { AddressInfo } from 'node:net';
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
const MAX_BODY = 256 * 1024;

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

async function readBody(request: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const { core, rendererDir } = options;
  const pendingTokens = new Set<string>();
  const sessions = new Set<string>();
  const streams = new Set<ServerResponse>();
  let origin = '';
  let hosts: readonly string[] = [];

  const unsubscribe = core.subscribe((event, payload) => {
    const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of streams) stream.write(data);
  });

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, 'Internal error'));
  });

  /** Same-origin only: a page elsewhere may neither call the core nor listen to its pushes. */
  const sameOrigin = (request: IncomingMessage): boolean => {
    const site = request.headers['sec-fetch-site'];
    return request.headers.origin === origin || (request.headers.origin === undefined && site === 'same-origin');
  };

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
    const cookie = cookieValue(request);
    if (!cookie || ![...sessions].some((session) => sameSecret(session, cookie))) {
      return send(response, 403, 'Open the link that `npm run preview` printed.');
    }

    if (url.pathname === '/__preview/invoke') {
      // Same-origin fetch only: a page elsewhere cannot drive the core.
      if (request.method !== 'POST' || request.headers.origin !== origin) return send(response, 403, 'Forbidden');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
        return send(response, 415, 'JSON only');
      const body = await readBody(request);
      let call: { channel?: unknown; payload?: unknown } | null;
      try {
        call = body === null ? null : (JSON.parse(body) as { channel?: unknown; payload?: unknown });
      } catch {
        call = null;
      }
      const result =
        call && typeof call === 'object'
          ? await core.dispatch(call.channel, call.payload)
          : { ok: false, error: { code: 'invalid_payload', message: 'malformed call' } };
      return send(response, 200, JSON.stringify(result), 'application/json');
    }
    if (url.pathname === '/__preview/events') {
      if (request.method !== 'GET' || !sameOrigin(request)) return send(response, 403, 'Forbidden');
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
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
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
