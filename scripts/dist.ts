/**
 * `npm run dist`: build, then package the installers for this OS with
 * electron-builder (electron-builder.yml), signed as the environment allows
 * (scripts/signing.ts). Nothing is published: the release pipeline uploads
 * `dist/` (installers and latest*.yml) to the update feed.
 *
 * electron-builder needs the Electron binary for the target; where it cannot
 * be downloaded (our build machines) this step fails by design, and the
 * configuration is checked against electron-builder's schema in the tests.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.ts';
import { signingPlan } from './signing.ts';

const ROOT = join(import.meta.dirname, '..');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!electronBinary(ROOT)) {
  console.error(
    'The Electron binary is not installed on this machine (it could not be downloaded); electron-builder will try to download it for packaging and fail without internet access.',
  );
}
const plan = signingPlan(process.env);
for (const line of plan.summary) console.log(line);

run('npx', ['electron-vite', 'build']);
run('npx', ['electron-builder', '--publish', 'never', ...plan.builderArgs, ...process.argv.slice(2)]);
