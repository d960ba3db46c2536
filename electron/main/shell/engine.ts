/**
 * How the app's own Chromium runs, where it differs from a browser's
 * defaults. The benchmark launches its Chromium with the same switches
 * (`chromiumSwitches`), so it measures the engine the app ships with.
 */

/**
 * Chromium features the app's engine runs without, each with its reason.
 *
 * DeferRendererTasksAfterInput (on by default since Chromium 12x, every task
 * type): after a key press or click, every other task of the page waits until
 * a frame after the one that draws the key. On a web page that keeps timers
 * and analytics out of the way of the echo; here the task it holds back is
 * main's answer to that very key (a search's rows, a click's list), which then
 * paints one or two frames late. Measured on this machine's Chromium 150 with
 * 100 000 members: a search key press to its rows 35 ms with it, 21 ms
 * without; the echo of the key itself is unchanged (12 ms either way).
 */
export const DISABLED_CHROMIUM_FEATURES = ['DeferRendererTasksAfterInput'] as const;

/** The part of Electron's `app.commandLine` this needs. */
export interface EngineCommandLine {
  appendSwitch(name: string, value?: string): void;
  getSwitchValue(name: string): string;
}

/**
 * Chromium reads one `--disable-features` (the last): a list given on the
 * command line (by IT, say) is kept and the app's own are added to it.
 */
export function disabledFeatures(given: string): string {
  const features = given.split(',').filter((feature) => feature.trim() !== '');
  for (const feature of DISABLED_CHROMIUM_FEATURES) if (!features.includes(feature)) features.push(feature);
  return features.join(',');
}

/** Before `app` is ready: Chromium reads its switches when it starts. */
export function installEngineSwitches(commandLine: EngineCommandLine): void {
  commandLine.appendSwitch('disable-features', disabledFeatures(commandLine.getSwitchValue('disable-features')));
}

/** The same switches for a Chromium launched by hand (the benchmark's). */
export function chromiumSwitches(): string[] {
  return [`--disable-features=${disabledFeatures('')}`];
}
