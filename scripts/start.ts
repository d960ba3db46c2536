/**
 * `npm start`: the reference server with the demo organisation, then the
 * desktop app, signed out, with that server's address pre-filled. Where the
 * Electron binary is missing (offline build machines), the same app opens
 * in the browser preview instead: the command always ends with a usable app.
 */
import { spawn, spawnSync } from 'node:child_process';
import { runBrowserPreview } from './browser-preview.ts';
import { electronBinary } from './electron-binary.ts';
import { ROOT, printDemoSignIn, startEmbeddedServer } from './embedded-server.ts';

const binary = electronBinary(ROOT);
if (!binary) {
  console.log(
    'The Electron binary is not installed on this machine (it could not be downloaded), so Team Safe Admin opens in your browser instead: the same app and core, through `npm run preview`.',
  );
  await runBrowserPreview();
} else {
  await startDesktopApp(binary);
}

async function startDesktopApp(binary: string): Promise<void> {
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
  child.on('exit', (code) => {
    server.close().then(
      () => process.exit(code ?? 0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
