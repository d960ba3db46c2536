/**
 * The native save dialog of a CSV export: where the file goes is the
 * admin's choice, made in main (the renderer never names a path). The
 * decisions are plain functions — the dialog's options (title and filter
 * in the UI language, the suggested name in the Documents folder, or where
 * the last export went), the path taken from the answer (with `.csv` added
 * when the name has no extension) — and the setup takes the part of
 * Electron it uses, so Node tests run the real wiring against a stand-in.
 */
import { basename, dirname, extname, join } from 'node:path';
import { CATALOGUES } from '../../../shared/i18n/catalogues.ts';
import type { Language } from '../../../shared/languages.ts';

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string | undefined;
}

/** The part of Electron's `dialog` this needs (with the window it is modal to, when there is one). */
export interface SaveDialogPort<Window> {
  showSaveDialog(window: Window, options: SaveDialogOptions): Promise<SaveDialogAnswer>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogAnswer>;
}

export function exportDialogOptions(suggestedName: string, folder: string, language: Language): SaveDialogOptions {
  const text = CATALOGUES[language].activity.exportDialog;
  return {
    title: text.title,
    defaultPath: join(folder, basename(suggestedName)),
    buttonLabel: text.save,
    filters: [
      { name: text.csvFiles, extensions: ['csv'] },
      { name: text.allFiles, extensions: ['*'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** The chosen path, `.csv` added to a name without an extension; null when the dialog was cancelled. */
export function chosenExportPath(answer: SaveDialogAnswer): string | null {
  if (answer.canceled || !answer.filePath) return null;
  return extname(answer.filePath) === '' ? `${answer.filePath}.csv` : answer.filePath;
}

export interface ExportChooserDeps<Window> {
  dialog: SaveDialogPort<Window>;
  /** The window the dialog belongs to (modal), if one is open. */
  window: () => Window | null;
  /** `app.getPath('documents')`: where the first export is suggested. */
  documents: string;
  language: () => Language;
}

/** The core's `chooseExportFile`: the dialog opens where the last export went. */
export function createExportChooser<Window>(deps: ExportChooserDeps<Window>): (name: string) => Promise<string | null> {
  let lastFolder: string | null = null;
  return async (suggestedName) => {
    const options = exportDialogOptions(suggestedName, lastFolder ?? deps.documents, deps.language());
    const window = deps.window();
    const answer = await (window ? deps.dialog.showSaveDialog(window, options) : deps.dialog.showSaveDialog(options));
    const path = chosenExportPath(answer);
    if (path) lastFolder = dirname(path);
    return path;
  };
}
