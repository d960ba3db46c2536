/**
 * The same renderer in a browser, backed by the real main-process core in
 * Node, against the embedded reference server. Used by `npm run preview`,
 * and by `npm start` where the Electron binary is missing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createNodeCore } from '../electron/preview/node-core.ts';
import { startPreviewHost } from '../electron/preview/host.ts';
import { ROOT, printDemoSignIn, startEmbeddedServer } from './embedded-server.ts';

export async function runBrowserPreview(): Promise<void> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const server = await startEmbeddedServer();
  // The same core as the app, background sync included (every 30 s; at once when the page sees the network return).
  const core = await createNodeCore({ dataDir: join(ROOT, '.data', 'preview-profile'), defaultServerUrl: server.url });
  const host = await startPreviewHost({ core, rendererDir: join(ROOT, 'out', 'renderer') });

  printDemoSignIn(server);
  console.log(`\nOpen Team Safe Admin in your browser (this link works once):\n  ${host.issueLink()}\n`);

  const shutdown = async () => {
    await host.close();
    await core.dispose();
    await server.close();
    process.exit(0);
  };
  const stop = () => {
    shutdown().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
