/**
 * A real update feed for tests: node:http on 127.0.0.1 (a free port) serving
 * `latest*.yml` files under `/desktop/`, the way a vendor's web server or an
 * organisation's mirror serves electron-builder's output. Unknown files 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpdateFeed {
  /** The feed's base URL, e.g. `http://127.0.0.1:53124/desktop`. */
  url: string;
  /** File name → response; change it between checks. */
  files: Map<string, { status?: number; body: string }>;
  /** Every requested path, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startUpdateFeed(): Promise<UpdateFeed> {
  const files = new Map<string, { status?: number; body: string }>();
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(path);
    const file = path.startsWith('/desktop/') ? files.get(path.slice('/desktop/'.length)) : undefined;
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(file.status ?? 200, { 'content-type': 'text/yaml; charset=utf-8' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/desktop`,
    files,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A `latest.yml` as electron-builder writes it. */
export function latestYml(version: string, extra: Record<string, string> = {}): string {
  const lines = [
    `version: ${version}`,
    'files:',
    `  - url: team-safe-admin-${version}-win-x64.exe`,
    '    sha512: 3q2+7w==',
    '    size: 104857600',
    `path: team-safe-admin-${version}-win-x64.exe`,
    'sha512: 3q2+7w==',
    "releaseDate: '2026-11-30T09:00:00.000Z'",
    ...Object.entries(extra).map(([key, value]) => `${key}: ${value}`),
  ];
  return `${lines.join('\n')}\n`;
}
