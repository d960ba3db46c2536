/**
 * The application menu and the text-field context menu, as data: built from
 * Electron's standard roles, labelled in the UI language, per platform and
 * packaged state (no Reload or DevTools in a packaged app). Items that act
 * in the window show their shortcut but do not register it
 * (`registerAccelerator: false`): the renderer handles the key itself, the
 * same way in the app and in the browser preview, so a key acts once.
 */
import type { Translation } from '../../../shared/i18n/en.ts';
import { acceleratorFor, type ShellCommand } from '../../../shared/shortcuts.ts';

export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'zoomIn'
  | 'zoomOut'
  | 'resetZoom'
  | 'togglefullscreen'
  | 'forceReload'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front'
  | 'quit'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'window'
  | 'help';

/** The subset of Electron's `MenuItemConstructorOptions` the shell uses. */
export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export type MenuStrings = Translation['menu'];

export interface ApplicationMenuOptions {
  platform: string;
  packaged: boolean;
  strings: MenuStrings;
  /** Asks the window to act (Find, Invite, About, …). */
  command(command: ShellCommand): void;
  openLogsFolder(): void;
}

const separator: MenuItemTemplate = { type: 'separator' };

export function applicationMenuTemplate(options: ApplicationMenuOptions): MenuItemTemplate[] {
  const { platform, packaged, strings: s } = options;
  const mac = platform === 'darwin';
  const command = (label: string, name: ShellCommand): MenuItemTemplate => {
    const accelerator = acceleratorFor(name, platform);
    return {
      label,
      ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
      click: () => options.command(name),
    };
  };
  const role = (name: MenuRole, label: string): MenuItemTemplate => ({ role: name, label });

  const appMenu: MenuItemTemplate[] = mac
    ? [
        {
          label: 'Team Safe Admin',
          submenu: [
            command(s.about, 'about'),
            separator,
            role('services', s.services),
            separator,
            role('hide', s.hide),
            role('hideOthers', s.hideOthers),
            role('unhide', s.showAll),
            separator,
            role('quit', s.quit),
          ],
        },
      ]
    : [];
  const file: MenuItemTemplate = {
    label: s.file,
    submenu: [
      command(s.invite, 'invite'),
      separator,
      command(s.signOut, 'signOut'),
      separator,
      mac ? role('close', s.closeWindow) : role('quit', s.quit),
    ],
  };
  const edit: MenuItemTemplate = {
    label: s.edit,
    submenu: [
      role('undo', s.undo),
      role('redo', s.redo),
      separator,
      role('cut', s.cut),
      role('copy', s.copy),
      role('paste', s.paste),
      role('selectAll', s.selectAll),
      separator,
      command(s.findMembers, 'findMembers'),
    ],
  };
  const developer: MenuItemTemplate[] = packaged
    ? []
    : [separator, role('forceReload', s.forceReload), role('toggleDevTools', s.devTools)];
  const view: MenuItemTemplate = {
    label: s.view,
    submenu: [
      command(s.refresh, 'refresh'),
      separator,
      command(s.showMembers, 'showMembers'),
      command(s.showGroups, 'showGroups'),
      separator,
      role('resetZoom', s.resetZoom),
      role('zoomIn', s.zoomIn),
      role('zoomOut', s.zoomOut),
      separator,
      role('togglefullscreen', s.fullScreen),
      ...developer,
    ],
  };
  const window: MenuItemTemplate = {
    label: s.window,
    ...(mac ? { role: 'window' as const } : {}),
    submenu: mac
      ? [role('minimize', s.minimize), role('zoom', s.zoom), separator, role('front', s.front)]
      : [role('minimize', s.minimize), role('close', s.closeWindow)],
  };
  const help: MenuItemTemplate = {
    label: s.help,
    ...(mac ? { role: 'help' as const } : {}),
    submenu: [
      ...(mac ? [] : [command(s.about, 'about'), separator]),
      command(s.shortcuts, 'shortcuts'),
      { label: s.openLogs, click: () => options.openLogsFolder() },
    ],
  };
  return [...appMenu, file, edit, view, window, help];
}

/** What the shell reads of Electron's `ContextMenuParams`. */
export interface ContextMenuParams {
  isEditable: boolean;
  selectionText: string;
  editFlags: {
    canUndo: boolean;
    canRedo: boolean;
    canCut: boolean;
    canCopy: boolean;
    canPaste: boolean;
    canSelectAll: boolean;
  };
}

/** The right-click menu: edit roles in a text field, Copy on selected text, nothing elsewhere. */
export function contextMenuTemplate(params: ContextMenuParams, s: MenuStrings): MenuItemTemplate[] {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      { role: 'undo', label: s.undo, enabled: flags.canUndo },
      { role: 'redo', label: s.redo, enabled: flags.canRedo },
      separator,
      { role: 'cut', label: s.cut, enabled: flags.canCut },
      { role: 'copy', label: s.copy, enabled: flags.canCopy },
      { role: 'paste', label: s.paste, enabled: flags.canPaste },
      separator,
      { role: 'selectAll', label: s.selectAll, enabled: flags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '') return [{ role: 'copy', label: s.copy, enabled: flags.canCopy }];
  return [];
}
