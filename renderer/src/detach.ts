/**
 * Starts work nobody waits for: a store action from a click or a push, a
 * form's submit handler. Such work handles its own failures (a store action
 * shows them through the store); anything that still escapes is a bug,
 * reported on the console instead of vanishing as an unhandled rejection.
 * The one way the renderer fires and forgets: lint refuses a bare
 * `void promise`.
 */
export function detach(task: Promise<unknown>): void {
  task.catch((error: unknown) => {
    console.error('Unexpected failure of a detached task', error);
  });
}
