/**
 * A startup that fails says so in a native error box — the reason and where
 * the log file is — instead of the app vanishing without a word.
 */
import { CATALOGUES, interpolate } from '../../../shared/i18n/catalogues.ts';
import type { Language } from '../../../shared/languages.ts';
import { redact, type Logger } from '../../core/log.ts';

export interface StartupFailureApi {
  dialog: { showErrorBox(title: string, content: string): void };
  app: { exit(code: number): void };
}

/** The error box's text; the reason is scrubbed like a log line (it may quote a file or a server answer). */
export function startupFailureMessage(
  error: unknown,
  language: Language,
  logFile: string,
): { title: string; content: string } {
  const t = CATALOGUES[language].startup;
  const reason = redact(error instanceof Error ? error.message : String(error));
  return { title: t.title, content: interpolate(t.body, { reason, path: logFile }) };
}

export function reportStartupFailure(
  api: StartupFailureApi,
  failure: { error: unknown; language: Language; logFile: string; log: Logger },
): void {
  const { error, language, logFile, log } = failure;
  log.error(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const { title, content } = startupFailureMessage(error, language, logFile);
  api.dialog.showErrorBox(title, content);
  api.app.exit(1);
}
