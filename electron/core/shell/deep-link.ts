/**
 * `teamsafeadmin://safe/<safeId>` and `teamsafeadmin://safe/<safeId>/member/<memberId>`:
 * parsed strictly (anything else is ignored with a log line, never
 * guessed at) and kept until the signed-in window takes it.
 */
import { DeepLink } from '../../../shared/ipc/shell.ts';
import type { Logger } from '../log.ts';

export const DEEP_LINK_SCHEME = 'teamsafeadmin';
/** Longer arguments are not links of ours (and are not worth parsing). */
const MAX_LINK_LENGTH = 512;

/**
 * Matched as written, not through `new URL`, which would resolve
 * `safe/../x` to `safe/x` and decode escapes: after the scheme (any case),
 * exactly one of the two forms, each segment an `Id`, an optional trailing
 * slash — or nothing.
 */
const AFTER_SCHEME = /^:\/\/safe\/([^/]+)(?:\/member\/([^/]+))?\/?$/;

/** The link, or null for a malformed or foreign one. */
export function parseDeepLink(raw: string): DeepLink | null {
  if (raw.length > MAX_LINK_LENGTH) return null;
  if (raw.slice(0, DEEP_LINK_SCHEME.length).toLowerCase() !== DEEP_LINK_SCHEME) return null;
  const match = AFTER_SCHEME.exec(raw.slice(DEEP_LINK_SCHEME.length));
  if (!match) return null;
  const [, safeId, memberId] = match;
  const link = DeepLink.safeParse(memberId === undefined ? { safeId } : { safeId, memberId });
  return link.success ? link.data : null;
}

/** The first argument that names our scheme (Windows and Linux pass the link on the command line). */
export function deepLinkArgument(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/** Where an arriving link waits for the window; a newer link replaces an older one. */
export class DeepLinkInbox {
  readonly #log: Logger;
  readonly #onLink: (link: DeepLink) => void;
  #pending: DeepLink | null = null;

  constructor(log: Logger, onLink: (link: DeepLink) => void = () => {}) {
    this.#log = log;
    this.#onLink = onLink;
  }

  /** Takes a raw link from the OS; true when it was one of ours. */
  offer(raw: string): boolean {
    const link = parseDeepLink(raw);
    if (!link) {
      // The link itself is not logged: it came from outside and may carry anything.
      this.#log.warn(`deep link ignored: not a ${DEEP_LINK_SCHEME}://safe/… link (${raw.length} characters)`);
      return false;
    }
    this.#log.info(`deep link received: safe${link.memberId ? ' and member' : ''}`);
    this.#pending = link;
    this.#onLink(link);
    return true;
  }

  take(): DeepLink | null {
    const link = this.#pending;
    this.#pending = null;
    return link;
  }
}
