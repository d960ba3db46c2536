/**
 * Run by the benchmark in a fresh process (`node --expose-gc`):
 *
 *   node --expose-gc bench/memory-probe.ts DATA_DIR KEYCHAIN_SERVICE [SAFE_ID]
 *
 * Builds a main-process core on DATA_DIR (as the app does at start), opens
 * SAFE_ID's member list if given, collects garbage and prints the process's
 * memory as one JSON line. The core has no network (its fetch refuses), so an
 * answer can only come from the local copy: `cached` says it did.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createNodeCore } from '../electron/preview/node-core.ts';
import { createLogger } from '../electron/core/log.ts';

const [dataDir, keychainService, safeId] = process.argv.slice(2);
if (!dataDir || !keychainService) throw new Error('usage: memory-probe.ts DATA_DIR KEYCHAIN_SERVICE [SAFE_ID]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const noNetwork: typeof fetch = () => Promise.reject(new TypeError('fetch failed: the memory probe has no network'));
const core = await createNodeCore({
  dataDir,
  keychainService,
  defaultServerUrl: '',
  log: createLogger(() => {}),
  api: { fetch: noNetwork },
});
// Module-scope bindings: the core and the answer stay alive until the process ends.
const answer = safeId ? await core.dispatch('members:list', { safeId, status: 'all', offset: 0, limit: 100 }) : null;
// The first rows are answered before the whole copy is read; a search waits for all of it, so the
// memory below is that of the whole copy in memory, not of a copy still loading.
const searched = safeId
  ? await core.dispatch('members:list', { safeId, status: 'all', offset: 0, limit: 100, q: 'a' })
  : null;
const cached = answer !== null && answer.ok && searched !== null && searched.ok;
for (let round = 0; round < 3; round += 1) {
  gc();
  await sleep(100);
}
const memory = process.memoryUsage();
console.log(JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, cached }));
process.exit(0);
