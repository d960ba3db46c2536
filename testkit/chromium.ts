/**
 * How the UI tests and the benchmark start Chromium, in one place: Debian's
 * browser (never a downloaded one), this machine's flags, and the app's own
 * engine switches (the shell sets them in Electron), so what is tested and
 * measured is the engine the app ships with.
 */
import { chromiumSwitches } from '../electron/main/shell/engine.ts';

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...chromiumSwitches()],
};
