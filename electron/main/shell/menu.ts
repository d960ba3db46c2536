/**
 * Installs the application menu (rebuilt when the UI language changes) and
 * the right-click edit menu of a window, from the templates in
 * `menu-template.ts`. Takes Electron's `Menu` as a parameter.
 */
import { CATALOGUES } from '../../../shared/i18n/catalogues.ts';
import type { Language } from '../../../shared/languages.ts';
import {
  applicationMenuTemplate,
  contextMenuTemplate,
  type ApplicationMenuOptions,
  type ContextMenuParams,
  type MenuItemTemplate,
} from './menu-template.ts';

export interface BuiltMenu {
  popup(options?: object): void;
}

export interface MenuApi {
  buildFromTemplate(template: MenuItemTemplate[]): BuiltMenu;
  setApplicationMenu(menu: BuiltMenu | null): void;
}

export interface ApplicationMenu {
  /** Builds the menu again, e.g. in a new UI language. */
  refresh(): void;
}

export function installApplicationMenu(
  Menu: MenuApi,
  options: Omit<ApplicationMenuOptions, 'strings'> & { language(): Language },
): ApplicationMenu {
  let shown: Language | null = null;
  const refresh = () => {
    const language = options.language();
    if (language === shown) return;
    shown = language;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(applicationMenuTemplate({ ...options, strings: CATALOGUES[language].menu })),
    );
  };
  refresh();
  return { refresh };
}

export interface ContextMenuContents {
  on(event: 'context-menu', listener: (event: unknown, params: ContextMenuParams) => void): unknown;
}

export function installContextMenu(contents: ContextMenuContents, Menu: MenuApi, language: () => Language): void {
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, CATALOGUES[language()].menu);
    if (template.length > 0) Menu.buildFromTemplate(template).popup();
  });
}
