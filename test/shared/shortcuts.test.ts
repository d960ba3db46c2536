import { describe, expect, it } from 'vitest';
import {
  acceleratorFor,
  bindingLabel,
  commandForKey,
  shortcutsFor,
  SHELL_COMMANDS,
  type KeyPress,
} from '../../shared/shortcuts.ts';
import { firstSupportedLanguage } from '../../shared/languages.ts';

const press = (key: string, code: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe('keyboard shortcuts', () => {
  it('use Ctrl on Windows and Linux, Cmd on macOS, and never both or Alt', () => {
    expect(commandForKey(press('f', 'KeyF', { ctrlKey: true }), 'linux')).toBe('findMembers');
    expect(commandForKey(press('f', 'KeyF', { ctrlKey: true }), 'darwin')).toBeNull();
    expect(commandForKey(press('f', 'KeyF', { metaKey: true }), 'darwin')).toBe('findMembers');
    expect(commandForKey(press('f', 'KeyF', { metaKey: true }), 'win32')).toBeNull();
    expect(commandForKey(press('f', 'KeyF', { ctrlKey: true, altKey: true }), 'linux')).toBeNull();
    expect(commandForKey(press('f', 'KeyF'), 'linux')).toBeNull();
  });

  it('refresh is F5 or Ctrl+R on Windows and Linux, Cmd+R on macOS', () => {
    expect(commandForKey(press('F5', 'F5'), 'win32')).toBe('refresh');
    expect(commandForKey(press('r', 'KeyR', { ctrlKey: true }), 'linux')).toBe('refresh');
    expect(commandForKey(press('r', 'KeyR', { metaKey: true }), 'darwin')).toBe('refresh');
    expect(commandForKey(press('F5', 'F5'), 'darwin')).toBeNull();
  });

  it('follow the printed letter, the physical key on non-Latin layouts, and digits with AZERTY’s Shift', () => {
    // Dvorak: the F key is where "u" is on QWERTY.
    expect(commandForKey(press('f', 'KeyU', { ctrlKey: true }), 'linux')).toBe('findMembers');
    // Russian layout: Ctrl+А on the F key.
    expect(commandForKey(press('а', 'KeyF', { ctrlKey: true }), 'linux')).toBe('findMembers');
    // AZERTY: the 1 key types "&" unshifted and "1" with Shift.
    expect(commandForKey(press('&', 'Digit1', { ctrlKey: true }), 'linux')).toBe('showMembers');
    expect(commandForKey(press('2', 'Digit2', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('showGroups');
    // Shift matters for letters: Ctrl+Shift+F is not Find.
    expect(commandForKey(press('F', 'KeyF', { ctrlKey: true, shiftKey: true }), 'linux')).toBeNull();
    expect(commandForKey(press('L', 'KeyL', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('signOut');
    // "/" needs Shift on a Swiss German keyboard.
    expect(commandForKey(press('/', 'Digit7', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('shortcuts');
  });

  it('leave Escape to the dialogs', () => {
    expect(commandForKey(press('Escape', 'Escape'), 'linux')).toBeNull();
  });

  it('give the menu its accelerators and the views their labels', () => {
    expect(acceleratorFor('signOut', 'linux')).toBe('CmdOrCtrl+Shift+L');
    expect(acceleratorFor('refresh', 'win32')).toBe('F5');
    expect(acceleratorFor('refresh', 'darwin')).toBe('CmdOrCtrl+R');
    expect(acceleratorFor('about', 'linux')).toBeUndefined();
    expect(bindingLabel({ key: 'L', mod: true, shift: true }, 'darwin')).toBe('⌘⇧L');
    expect(bindingLabel({ key: 'L', mod: true, shift: true }, 'win32')).toBe('Ctrl+Shift+L');
    expect(bindingLabel({ key: 'Escape' }, 'linux')).toBe('Esc');
  });

  it('have one distinct binding per command on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const labels = shortcutsFor(platform).flatMap((shortcut) =>
        shortcut.bindings.map((b) => bindingLabel(b, platform)),
      );
      expect(new Set(labels).size).toBe(labels.length);
      for (const shortcut of shortcutsFor(platform)) {
        if (shortcut.command !== 'closeDialog') expect(SHELL_COMMANDS).toContain(shortcut.command);
      }
    }
  });
});

describe('the first-run language', () => {
  it('is the first of the OS’s preferred languages that the app ships', () => {
    expect(firstSupportedLanguage(['rm-CH', 'de-CH', 'en-US'])).toBe('de');
    expect(firstSupportedLanguage(['fr_CH'])).toBe('fr');
    expect(firstSupportedLanguage(['IT'])).toBe('it');
    expect(firstSupportedLanguage(['es-ES', 'pt'])).toBeNull();
    expect(firstSupportedLanguage([undefined, null, ''])).toBeNull();
  });
});
