/**
 * `npm start`: the reference server with the demo organisation, then the
 * desktop app, signed out, with that server's address pre-filled.
 */
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.ts';
import { ROOT, printDemoSignIn, startEmbeddedServer } from './embedded-server.ts';

const binary = electronBinary(ROOT);
if (!binary) {
  console.error(
    'The Electron binary is not installed on this machine (it could not be downloaded), so the desktop window cannot open; run `npm run preview` to use the same app in your browser instead.',
  );
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = await startEmbeddedServer();
printDemoSignIn(server);

const child = spawn(binary, ['.'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TEAM_SAFE_SERVER_URL: server.url },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
