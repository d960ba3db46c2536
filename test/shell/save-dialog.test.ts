/**
 * The export's native save dialog, set up for real against a recording
 * stand-in of Electron's `dialog`: its options in the UI language, modal to
 * the window, opening where the last export went, `.csv` added, cancel.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chosenExportPath,
  createExportChooser,
  exportDialogOptions,
  type SaveDialogAnswer,
  type SaveDialogOptions,
  type SaveDialogPort,
} from '../../electron/main/shell/save-dialog.ts';
import type { Language } from '../../shared/languages.ts';

interface FakeWindow {
  id: number;
}

/** Records every call and answers from a queue. */
function recordingDialog(answers: SaveDialogAnswer[]) {
  const calls: { window: FakeWindow | null; options: SaveDialogOptions }[] = [];
  const dialog: SaveDialogPort<FakeWindow> = {
    showSaveDialog(first: FakeWindow | SaveDialogOptions, second?: SaveDialogOptions) {
      const withWindow = second !== undefined;
      calls.push({
        window: withWindow ? (first as FakeWindow) : null,
        options: withWindow ? second : (first as SaveDialogOptions),
      });
      return Promise.resolve(answers.shift() ?? { canceled: true });
    },
  };
  return { dialog, calls };
}

describe('export save dialog', () => {
  it('asks in the UI language, modal to the window, with the suggested name in Documents', async () => {
    const { dialog, calls } = recordingDialog([{ canceled: false, filePath: '/home/anna/exports/legal.csv' }]);
    let language: Language = 'it';
    const window = { id: 7 };
    const choose = createExportChooser({
      dialog,
      window: () => window,
      documents: '/home/anna/Documents',
      language: () => language,
    });

    expect(await choose('members-safe-legal-2026-12-02.csv')).toBe('/home/anna/exports/legal.csv');
    expect(calls[0]).toEqual({
      window,
      options: {
        title: 'Esporta come CSV',
        defaultPath: join('/home/anna/Documents', 'members-safe-legal-2026-12-02.csv'),
        buttonLabel: 'Esporta',
        filters: [
          { name: 'File CSV', extensions: ['csv'] },
          { name: 'Tutti i file', extensions: ['*'] },
        ],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    });

    // The next export opens where the last one went, in the language now.
    language = 'de';
    await choose('activity-safe-legal-2026-12-02.csv');
    expect(calls[1]!.options.defaultPath).toBe(join('/home/anna/exports', 'activity-safe-legal-2026-12-02.csv'));
    expect(calls[1]!.options.title).toBe('Als CSV exportieren');
  });

  it('answers null when cancelled, and works without a window', async () => {
    const { dialog, calls } = recordingDialog([{ canceled: true, filePath: '' }]);
    const choose = createExportChooser({ dialog, window: () => null, documents: '/docs', language: () => 'en' });
    expect(await choose('members.csv')).toBeNull();
    expect(calls[0]!.window).toBeNull();
    expect(calls[0]!.options.title).toBe('Export as CSV');
  });

  it('adds .csv to a name without an extension and keeps a chosen one; never takes a path from the name', () => {
    expect(chosenExportPath({ canceled: false, filePath: '/tmp/list' })).toBe('/tmp/list.csv');
    expect(chosenExportPath({ canceled: false, filePath: '/tmp/list.txt' })).toBe('/tmp/list.txt');
    expect(chosenExportPath({ canceled: false })).toBeNull();
    expect(exportDialogOptions('../../etc/passwd', '/docs', 'fr').defaultPath).toBe(join('/docs', 'passwd'));
  });
});
