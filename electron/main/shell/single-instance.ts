/**
 * One app per user: a second launch (a double-click, or a deep link on
 * Windows and Linux, which arrives as a command-line argument) hands its
 * arguments to the running app and quits; macOS delivers links as
 * `open-url`. Links that arrive before the core exists wait in a queue.
 */
import { deepLinkArgument } from '../../core/shell/deep-link.ts';
import type { PreventableEvent } from './web-contents.ts';

export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
}

/** Where raw links go: the core's inbox once it exists, a queue until then. */
export class LinkRelay {
  #target: ((raw: string) => void) | null = null;
  readonly #queue: string[] = [];

  deliver(raw: string): void {
    if (this.#target) this.#target(raw);
    else this.#queue.push(raw);
  }

  attach(target: (raw: string) => void): void {
    this.#target = target;
    for (const raw of this.#queue.splice(0)) target(raw);
  }
}

export interface SingleInstanceHandlers {
  /** Another launch happened: bring the window back. */
  onSecondInstance(): void;
  links: LinkRelay;
}

/**
 * Claims the single-instance lock. False: another instance has it (and now
 * has our arguments): the caller quits. Also takes the first launch's link.
 */
export function claimSingleInstance(
  app: InstanceApp,
  argv: readonly string[],
  handlers: SingleInstanceHandlers,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  const first = deepLinkArgument(argv);
  if (first) handlers.links.deliver(first);
  app.on('second-instance', (_event, secondArgv) => {
    handlers.onSecondInstance();
    const link = deepLinkArgument(secondArgv);
    if (link) handlers.links.deliver(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handlers.onSecondInstance();
    handlers.links.deliver(url);
  });
  return true;
}
