/**
 * The Host rule of our HTTP servers (the reference API server and the
 * preview host): a server answers only to its own names. A page elsewhere
 * that rebinds its DNS name to 127.0.0.1 reaches the port, but its requests
 * carry its own name in `Host`, and are refused (421).
 */

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

export function isWildcardHost(host: string): boolean {
  return WILDCARD.has(host.replace(/^\[|\]$/g, ''));
}

const bracketed = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * The Host values a server listening on `host:port` answers to: that
 * address, `localhost` too when it is loopback, and the `names` it is known
 * by (e.g. behind a reverse proxy). A name given without a port is accepted
 * with any port or none; a name with a port only with that port.
 */
export function ownHostNames(host: string, port: number, names: readonly string[] = []): string[] {
  const own = isWildcardHost(host) ? [] : [`${bracketed(host)}:${port}`];
  if (isLoopbackHost(host)) own.push(`localhost:${port}`);
  return [...own, ...names].map((name) => name.toLowerCase());
}

/** True when a request's `Host` header names this server. */
export function isOwnHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (!header) return false;
  const value = header.trim().toLowerCase();
  const name = value.replace(/:\d+$/, '');
  return allowed.some((entry) => entry === value || (!/:\d+$/.test(entry) && entry === name));
}
