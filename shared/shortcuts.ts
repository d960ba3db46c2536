/**
 * The app's keyboard shortcuts, once: the renderer handles the key presses
 * and lists them in its Keyboard shortcuts view; main shows the same keys
 * as the menu's accelerators (without registering them, so a key is
 * handled once, by the renderer, in the app and in the browser preview).
 */

/** What a shortcut or a menu item asks the window to do. */
export const SHELL_COMMANDS = [
  'findMembers',
  'invite',
  'refresh',
  'showMembers',
  'showGroups',
  'signOut',
  'shortcuts',
  'about',
] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (SHELL_COMMANDS as readonly string[]).includes(value);
}

/** One key combination. `mod` is Cmd on macOS and Ctrl elsewhere. */
export interface KeyBinding {
  /** `F`, `1`, `F5`, `Escape`, `/` (as in an Electron accelerator). */
  key: string;
  mod?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  /** `closeDialog` is listed but handled by each dialog itself. */
  command: ShellCommand | 'closeDialog';
  /** The first binding is the one the menu shows. */
  bindings: readonly KeyBinding[];
}

const isMac = (platform: string) => platform === 'darwin';

/**
 * The shortcuts on `platform` (`process.platform` values), in the order the
 * shortcuts view lists them. Sign out is Mod+Shift+L rather than the
 * suggested Mod+Shift+Q: on macOS, Cmd+Shift+Q logs the user out of the
 * computer.
 */
export function shortcutsFor(platform: string): Shortcut[] {
  return [
    { command: 'findMembers', bindings: [{ key: 'F', mod: true }] },
    { command: 'invite', bindings: [{ key: 'N', mod: true }] },
    {
      command: 'refresh',
      bindings: isMac(platform) ? [{ key: 'R', mod: true }] : [{ key: 'F5' }, { key: 'R', mod: true }],
    },
    { command: 'showMembers', bindings: [{ key: '1', mod: true }] },
    { command: 'showGroups', bindings: [{ key: '2', mod: true }] },
    { command: 'signOut', bindings: [{ key: 'L', mod: true, shift: true }] },
    { command: 'shortcuts', bindings: [{ key: '/', mod: true }] },
    { command: 'closeDialog', bindings: [{ key: 'Escape' }] },
  ];
}

/** The Electron accelerator of a command's first binding (`CmdOrCtrl+Shift+L`), if it has one. */
export function acceleratorFor(command: ShellCommand, platform: string): string | undefined {
  const binding = shortcutsFor(platform).find((shortcut) => shortcut.command === command)?.bindings[0];
  if (!binding) return undefined;
  return [binding.mod ? 'CmdOrCtrl' : null, binding.shift ? 'Shift' : null, binding.key].filter(Boolean).join('+');
}

/** How a binding reads on `platform`: `⌘⇧L` on macOS, `Ctrl+Shift+L` elsewhere. */
export function bindingLabel(binding: KeyBinding, platform: string): string {
  const key = binding.key === 'Escape' ? 'Esc' : binding.key;
  if (isMac(platform)) return `${binding.mod ? '⌘' : ''}${binding.shift ? '⇧' : ''}${key}`;
  return [binding.mod ? 'Ctrl' : null, binding.shift ? 'Shift' : null, key].filter(Boolean).join('+');
}

/** The parts of a `KeyboardEvent` a match needs (so it is testable without a DOM). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Letters match the printed key (so Ctrl+F is where F is on any layout),
 * falling back to the physical key for non-Latin layouts; digits match the
 * physical key too (AZERTY types them with Shift). Punctuation ignores
 * Shift, which some layouts need to type it.
 */
export function matchesBinding(press: KeyPress, binding: KeyBinding, platform: string): boolean {
  const mod = isMac(platform) ? press.metaKey : press.ctrlKey;
  const otherMod = isMac(platform) ? press.ctrlKey : press.metaKey;
  if (press.altKey || otherMod || mod !== Boolean(binding.mod)) return false;
  const key = binding.key;
  if (/^[A-Z]$/.test(key)) {
    if (press.shiftKey !== Boolean(binding.shift)) return false;
    return press.key.toUpperCase() === key || (!/^[a-z]$/i.test(press.key) && press.code === `Key${key}`);
  }
  if (/^[0-9]$/.test(key)) {
    // The physical key, with or without the Shift that AZERTY needs for digits.
    if (press.code === `Digit${key}`) return true;
    return press.key === key && press.shiftKey === Boolean(binding.shift);
  }
  if (/^F[0-9]{1,2}$/.test(key) || key === 'Escape') {
    return press.shiftKey === Boolean(binding.shift) && press.key === key;
  }
  return press.key === key;
}

/** The command a key press asks for on `platform`, if any (`closeDialog` is left to the dialogs). */
export function commandForKey(press: KeyPress, platform: string): ShellCommand | null {
  for (const shortcut of shortcutsFor(platform)) {
    if (shortcut.command === 'closeDialog') continue;
    if (shortcut.bindings.some((binding) => matchesBinding(press, binding, platform))) return shortcut.command;
  }
  return null;
}
