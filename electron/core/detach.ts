/**
 * Starts work nobody waits for: a timer's check, a sync once the network is
 * back, an update check. Such work handles its own failures; anything that
 * still escapes is logged here instead of becoming an unhandled rejection,
 * which ends a Node process (the preview host). The one way main-side code
 * fires and forgets: lint refuses a bare `void promise`.
 */
import type { Logger } from './log.ts';

export function detach(task: Promise<unknown>, log: Logger, what: string): void {
  task.catch((error: unknown) => {
    log.error(`${what}: unexpected ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
}
