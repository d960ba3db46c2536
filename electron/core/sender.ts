/**
 * Which frames may call the core: the app's own top-level document only.
 * Sub-frames, other origins and destroyed frames are refused.
 */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/** `scheme://host[:port]`, also for custom schemes whose WHATWG origin is "null". */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSender(frame: SenderFrame | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!frame || !frame.isMainFrame) return false;
  const origin = originOf(frame.url);
  return origin !== null && allowedOrigins.includes(origin);
}
