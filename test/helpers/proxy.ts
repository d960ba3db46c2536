/**
 * A real HTTP proxy in front of the reference server that breaks things on
 * purpose: it drops a connection in the middle of an answer, refuses
 * connections (the network is gone), answers "overloaded" with a
 * Retry-After, or holds a request back until the test has changed something
 * — for the requests the test picks.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Forward, answer the headers and half the body, then drop the connection. */
  | { kind: 'cut' }
  /** Drop the connection without an answer (as when the network is gone). */
  | { kind: 'refuse' }
  /** Answer this status (e.g. 503) instead of forwarding, with an optional Retry-After. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Forward once `run` is done (e.g. a change made on the server between two pages of a sync). */
  | { kind: 'after'; run: () => Promise<void> };

export interface FaultProxy {
  url: string;
  /** Picks the fault for a request (`GET /api/v1/…`); null forwards it untouched. */
  fault: ((request: string) => Fault | null) | null;
  /** Every request seen, as `METHOD /path?query`. */
  readonly seen: string[];
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const seen: string[] = [];
  const proxy: FaultProxy = { url: '', fault: null, seen, close: async () => undefined };
  const server = createServer((request, response) => {
    void (async () => {
      const line = `${request.method} ${request.url}`;
      seen.push(line);
      const fault = proxy.fault?.(line) ?? null;
      const body = await readBody(request);
      if (fault?.kind === 'after') await fault.run();
      if (fault?.kind === 'refuse') return request.socket.destroy();
      if (fault?.kind === 'status') {
        response.writeHead(fault.status, {
          'content-type': 'text/plain',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        });
        return response.end('Service Unavailable');
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !HOP_HEADERS.has(name)) as [string, string][],
      );
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'GET',
        headers,
        body: body.length > 0 ? new Uint8Array(body) : null,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      const back: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!HOP_HEADERS.has(name) && name !== 'content-encoding') back[name] = value;
      });
      response.writeHead(upstream.status, { ...back, 'content-length': String(answer.length) });
      if (fault?.kind === 'cut') {
        response.write(answer.subarray(0, answer.length >> 1), () => request.socket.destroy());
        return;
      }
      response.end(answer);
    })().catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
