import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromiumSwitches,
  DISABLED_CHROMIUM_FEATURES,
  installEngineSwitches,
  type EngineCommandLine,
} from '../../electron/main/shell/engine.ts';
import playwrightConfig from '../../playwright.config.ts';
import { chromiumLaunchOptions } from '../../testkit/chromium.ts';

/** Electron's `app.commandLine`: switches as Chromium reads them (the last of a name wins). */
class StandInCommandLine implements EngineCommandLine {
  readonly appended: [string, string | undefined][] = [];
  private readonly given: Record<string, string>;
  constructor(given: Record<string, string> = {}) {
    this.given = given;
  }
  appendSwitch(name: string, value?: string): void {
    this.appended.push([name, value]);
  }
  getSwitchValue(name: string): string {
    const mine = this.appended.filter(([each]) => each === name).at(-1);
    return mine?.[1] ?? this.given[name] ?? '';
  }
}

describe("the app's engine switches", () => {
  it('turn off the deferral of tasks after input, so an answer to a key paints in the next frame', () => {
    const commandLine = new StandInCommandLine();
    installEngineSwitches(commandLine);
    expect(commandLine.appended).toEqual([['disable-features', 'DeferRendererTasksAfterInput']]);
  });

  it('keep features IT disabled on the command line, and add nothing twice', () => {
    const commandLine = new StandInCommandLine({ 'disable-features': 'Translate,DeferRendererTasksAfterInput' });
    installEngineSwitches(commandLine);
    expect(commandLine.getSwitchValue('disable-features')).toBe('Translate,DeferRendererTasksAfterInput');
    const other = new StandInCommandLine({ 'disable-features': 'Translate' });
    installEngineSwitches(other);
    expect(other.getSwitchValue('disable-features').split(',')).toEqual(['Translate', ...DISABLED_CHROMIUM_FEATURES]);
  });

  it('are installed by the shell before Chromium starts, and are the ones the benchmark and UI tests run with', () => {
    const index = readFileSync(join(import.meta.dirname, '../../electron/main/index.ts'), 'utf8');
    // A statement of the module itself, not inside `main()`: it runs before `app` is ready.
    expect(index).toMatch(/^installEngineSwitches\(app\.commandLine\);$/m);
    for (const each of chromiumSwitches()) expect(chromiumLaunchOptions.args).toContain(each);
    // The benchmark launches with the same options (bench/stack.ts), and so do the UI tests:
    expect(playwrightConfig.use?.launchOptions).toBe(chromiumLaunchOptions);
    const stack = readFileSync(join(import.meta.dirname, '../../bench/stack.ts'), 'utf8');
    expect(stack).toContain('chromium.launch(chromiumLaunchOptions)');
  });
});
