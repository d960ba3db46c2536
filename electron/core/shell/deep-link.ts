/**
 * `teamsafeadmin://safe/<safeId>` and `teamsafeadmin://safe/<safeId>/member/<memberId>`:
 * parsed strictly (anything else is ignored with a log line, never
 * guessed at) and kept until the signed-in window takes it.
 */
import { Id } from '../../../shared/api/schemas.ts';
import type { DeepLink } from '../../../shared/ipc/shell.ts';
import type { Logger } from '../log.ts';

export const DEEP_LINK_SCHEME = 'teamsafeadmin';
/** Longer arguments are not links of ours (and are not worth parsing). */
const MAX_LINK_LENGTH = 512;

/** The link, or null for a malformed or foreign one. */
export function parseDeepLink(raw: string): DeepLink | null {
  if (raw.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port) return null;
  if (url.search || url.hash) return null;
  // `teamsafeadmin://safe/x` has host `safe`; `teamsafeadmin:safe/x` has none.
  const parts = [url.host, ...url.pathname.split('/')].filter((part) => part !== '');
  const valid = (part: string | undefined): part is string => Id.safeParse(part).success;
  if (parts[0] !== 'safe' || !valid(parts[1])) return null;
  if (parts.length === 2) return { safeId: parts[1] };
  if (parts.length === 4 && parts[2] === 'member' && valid(parts[3])) return { safeId: parts[1], memberId: parts[3] };
  return null;
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
