/**
 * Every contract channel, answered by the core's dispatcher — but only for
 * the app's own top-level document. A sub-frame, another origin or a
 * destroyed frame gets `untrusted_sender` and never reaches the core.
 */
import { AppError, type Result } from '../../../shared/errors.ts';
import { CHANNELS, type EventName, type EventPayload } from '../../../shared/ipc/contract.ts';
import type { Dispatch } from '../../core/dispatcher.ts';
import type { Logger } from '../../core/log.ts';
import { isTrustedSender } from '../../core/sender.ts';

/** What the handler reads of Electron's `IpcMainInvokeEvent`. */
export interface InvokeEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainApi {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<Result<unknown>>): void;
}

export function registerIpc(
  ipcMain: IpcMainApi,
  options: { dispatch: Dispatch; allowedOrigins: readonly string[]; log: Logger },
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
      if (!isTrustedSender(sender, options.allowedOrigins)) {
        options.log.warn(`ipc ${channel}: refused untrusted sender`);
        return { ok: false, error: new AppError('untrusted_sender', 'untrusted sender').toShape() };
      }
      return options.dispatch(channel, payload);
    });
  }
}

/** A typed push to a window: `domain:changed` state, or an `app:command` from the menu. */
export function pushToWindow<E extends EventName>(
  contents: { send(channel: string, payload: unknown): void },
  event: E,
  payload: EventPayload<E>,
): void {
  contents.send(event, payload);
}
