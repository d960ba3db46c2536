/**
 * Schemas of the desktop shell's channels and pushes (About, clipboard,
 * one-time notices, deep links, menu commands). The contract imports them;
 * nothing here is secret.
 */
import { z } from 'zod';
import { Id } from '../api/schemas.ts';
import { SHELL_COMMANDS } from '../shortcuts.ts';

export const AppInfo = z.object({
  version: z.string(),
  /** `process.platform` of main: `darwin`, `win32`, `linux`. */
  platform: z.string(),
  /** The OS locale with its region, e.g. `de-CH`. */
  locale: z.string(),
  /** `preview`: the browser host of developers and tests, not the desktop app. */
  runtime: z.enum(['electron', 'preview']),
  packaged: z.boolean(),
  versions: z.object({ electron: z.string().nullable(), chrome: z.string().nullable(), node: z.string() }),
  /** The OS's preferred languages, best first. Empty in the preview: the browser's are used. */
  preferredLanguages: z.array(z.string()),
  /** Where the main-process log files are. */
  logsFolder: z.string().nullable(),
  /** Whether `app:openLogsFolder` can open it (not in the preview). */
  canOpenLogsFolder: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Largest text the clipboard channel takes (a diagnostics report is a few KiB). */
export const CLIPBOARD_TEXT_MAX = 64 * 1024;

export const ClipboardWrite = z
  .object({
    text: z.string().max(CLIPBOARD_TEXT_MAX, { error: 'too_long' }),
    /** A secret (the security code): cleared again after a while if it is still there. */
    sensitive: z.boolean(),
  })
  .strict();
export const ClipboardWritten = z.object({ clearAfterSeconds: z.number().int().positive().nullable() });
export type ClipboardWritten = z.infer<typeof ClipboardWritten>;

/** Said once to the user: the settings file was unreadable and was set aside; the window crashed and was reloaded. */
export const ShellNotice = z.enum(['settings_recovered', 'renderer_restarted']);
export type ShellNotice = z.infer<typeof ShellNotice>;

/** `teamsafeadmin://safe/<safeId>[/member/<memberId>]`, parsed. */
export const DeepLink = z.object({ safeId: Id, memberId: Id.optional() }).strict();
export type DeepLink = z.infer<typeof DeepLink>;

export const ShellCommandPush = z.object({ command: z.enum(SHELL_COMMANDS) });
