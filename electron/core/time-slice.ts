/**
 * Long main-process work cut into slices, so the event loop (IPC, timers,
 * the window's requests) is served between them: call `turn()` often; it
 * hands the loop a turn once the slice has run for `sliceMs`.
 */
import { setImmediate } from 'node:timers/promises';

/** Short enough that a slice plus whatever runs between two turns stays well under a 50 ms long task. */
export const SLICE_MS = 12;

export class TimeSlicer {
  readonly #sliceMs: number;
  #started = performance.now();

  constructor(sliceMs = SLICE_MS) {
    this.#sliceMs = sliceMs;
  }

  /** Whether this slice has run its time. */
  get due(): boolean {
    return performance.now() - this.#started >= this.#sliceMs;
  }

  /** Yield to the event loop if the slice has run its time. */
  async turn(): Promise<void> {
    if (!this.due) return;
    await setImmediate();
    this.#started = performance.now();
  }
}
