import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../shared/i18n/catalogues.ts';
import { acceleratorFor, type ShellCommand } from '../../shared/shortcuts.ts';
import type { Language } from '../../shared/languages.ts';
import { applicationMenuTemplate, type MenuItemTemplate } from '../../electron/main/shell/menu-template.ts';
import { installApplicationMenu, installContextMenu } from '../../electron/main/shell/menu.ts';
import { StandInMenu } from './stand-ins.ts';

const flatten = (items: MenuItemTemplate[]): MenuItemTemplate[] =>
  items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);

function template(platform: string, packaged: boolean, language: Language = 'en') {
  const commands: ShellCommand[] = [];
  const logs: number[] = [];
  const items = applicationMenuTemplate({
    platform,
    packaged,
    strings: CATALOGUES[language].menu,
    command: (command) => commands.push(command),
    openLogsFolder: () => logs.push(1),
  });
  return { items, all: flatten(items), commands, logs };
}

const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

describe('the application menu', () => {
  it.each(['darwin', 'win32', 'linux'])('has no Reload or DevTools when packaged (%s)', (platform) => {
    const packaged = template(platform, true).all;
    expect(packaged.filter((item) => DEVELOPER_ROLES.includes(item.role ?? ''))).toEqual([]);
    const development = template(platform, false).all.map((item) => item.role);
    expect(development).toContain('toggleDevTools');
    // Ctrl/Cmd+R is the app's own Refresh, so the plain Reload role stays out even in development.
    expect(development).not.toContain('reload');
  });

  it('is built from the standard roles: an app menu on macOS, File … Help elsewhere', () => {
    const mac = template('darwin', true);
    expect(mac.items.map((item) => item.label)).toEqual(['Team Safe Admin', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(mac.items[0]!.submenu!.map((item) => item.role).filter(Boolean)).toEqual([
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ]);
    expect(mac.items.find((item) => item.label === 'Window')?.role).toBe('window');
    const windows = template('win32', true);
    expect(windows.items.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const roles = windows.all.map((item) => item.role).filter(Boolean);
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'togglefullscreen',
      'quit',
      'minimize',
    ]) {
      expect(roles, role).toContain(role);
    }
  });

  it('shows the shortcuts without registering them, and sends the command to the window', () => {
    for (const platform of ['darwin', 'linux']) {
      const { all, commands } = template(platform, true);
      const withKeys = all.filter((item) => item.accelerator);
      expect(withKeys.length).toBeGreaterThanOrEqual(6);
      for (const item of withKeys) expect(item.registerAccelerator, item.label).toBe(false);
      const find = all.find((item) => item.label === 'Find Members')!;
      expect(find.accelerator).toBe(acceleratorFor('findMembers', platform));
      find.click?.();
      all.find((item) => item.label === 'Keyboard Shortcuts')?.click?.();
      all.find((item) => item.label === 'Sign Out')?.click?.();
      expect(commands).toEqual(['findMembers', 'shortcuts', 'signOut']);
    }
    expect(template('linux', true).all.find((item) => item.label === 'Refresh')?.accelerator).toBe('F5');
    expect(template('darwin', true).all.find((item) => item.label === 'Refresh')?.accelerator).toBe('CmdOrCtrl+R');
  });

  it('has About, Keyboard shortcuts and Open logs folder under Help', () => {
    const { items, logs, commands } = template('win32', true);
    const help = items.at(-1)!.submenu!;
    expect(help.map((item) => item.label).filter(Boolean)).toEqual([
      'About Team Safe Admin',
      'Keyboard Shortcuts',
      'Open Logs Folder',
    ]);
    help[0]!.click?.();
    help.at(-1)!.click?.();
    expect(commands).toEqual(['about']);
    expect(logs).toEqual([1]);
  });

  it.each(['de', 'fr', 'it'] as const)('is labelled in the UI language (%s)', (language) => {
    const strings = CATALOGUES[language].menu;
    const { items, all } = template('linux', true, language);
    expect(items.map((item) => item.label)).toEqual([
      strings.file,
      strings.edit,
      strings.view,
      strings.window,
      strings.help,
    ]);
    for (const item of all) if (item.type !== 'separator') expect(item.label, JSON.stringify(item)).toBeTruthy();
    expect(all.map((item) => item.label)).toContain(strings.signOut);
  });

  it('is installed through Menu and rebuilt when the UI language changes', () => {
    const Menu = new StandInMenu();
    let language: Language = 'en';
    const menu = installApplicationMenu(Menu, {
      platform: 'linux',
      packaged: true,
      language: () => language,
      command: () => {},
      openLogsFolder: () => {},
    });
    expect(Menu.applied).toHaveLength(1);
    expect(Menu.built[0]![0]!.label).toBe('File');
    menu.refresh();
    expect(Menu.applied).toHaveLength(1);
    language = 'de';
    menu.refresh();
    expect(Menu.applied).toHaveLength(2);
    expect(Menu.built[1]![0]!.label).toBe('Datei');
  });
});

describe('the right-click menu', () => {
  const flags = { canUndo: false, canRedo: false, canCut: true, canCopy: true, canPaste: true, canSelectAll: true };

  it('offers the edit roles in text fields, enabled as the field allows', () => {
    const Menu = new StandInMenu();
    const contents = new EventEmitter();
    installContextMenu(contents, Menu, () => 'fr');
    contents.emit('context-menu', {}, { isEditable: true, selectionText: '', editFlags: flags });
    expect(Menu.popups).toHaveLength(1);
    const items = Menu.popups[0]!.filter((item) => item.role);
    expect(items.map((item) => [item.role, item.enabled])).toEqual([
      ['undo', false],
      ['redo', false],
      ['cut', true],
      ['copy', true],
      ['paste', true],
      ['selectAll', true],
    ]);
    expect(items.find((item) => item.role === 'paste')?.label).toBe('Coller');
  });

  it('offers Copy on selected text, and nothing elsewhere', () => {
    const Menu = new StandInMenu();
    const contents = new EventEmitter();
    installContextMenu(contents, Menu, () => 'en');
    contents.emit('context-menu', {}, { isEditable: false, selectionText: 'Anna', editFlags: flags });
    contents.emit('context-menu', {}, { isEditable: false, selectionText: '', editFlags: flags });
    expect(Menu.popups.map((items) => items.map((item) => item.role))).toEqual([['copy']]);
  });
});
