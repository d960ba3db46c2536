/**
 * One-time notices for the user that arise in main before or outside the
 * window (a settings file set aside at startup, a window reloaded after a
 * crash). The renderer takes them once when it starts.
 */
import type { ShellNotice } from '../../../shared/ipc/shell.ts';

export class NoticeBox {
  readonly #pending = new Set<ShellNotice>();

  add(notice: ShellNotice): void {
    this.#pending.add(notice);
  }

  take(): ShellNotice[] {
    const notices = [...this.#pending];
    this.#pending.clear();
    return notices;
  }
}
