/**
 * Run by the benchmark for each cold start, in a fresh process:
 *
 *   node bench/cold-host.ts DATA_DIR SERVER_URL
 *
 * Exactly what `npm run preview` starts (without the build): a main-process
 * core on a new profile and the preview host serving the built renderer. It
 * prints `link <url>` once it listens, and stops on SIGTERM.
 */
import { join } from 'node:path';
import { createNodeCore } from '../electron/preview/node-core.ts';
import { startPreviewHost } from '../electron/preview/host.ts';
import { createLogger } from '../electron/core/log.ts';

const [dataDir, serverUrl] = process.argv.slice(2);
if (!dataDir || !serverUrl) throw new Error('usage: cold-host.ts DATA_DIR SERVER_URL');
const core = await createNodeCore({
  dataDir,
  defaultServerUrl: serverUrl,
  keychainService: 'Team Safe Admin Bench cold start',
  log: createLogger(() => {}),
});
const host = await startPreviewHost({ core, rendererDir: join(import.meta.dirname, '..', 'out', 'renderer') });
console.log(`link ${host.issueLink()}`);
process.on('SIGTERM', () => {
  host.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
