/**
 * The app's own script a failed dynamic import names ("Failed to fetch
 * dynamically imported module: <url>" in Chromium, "error loading
 * dynamically imported module: <url>" in Firefox), or null.
 */
export function failedModuleUrl(error: unknown, origin: string): string | null {
  if (!(error instanceof Error)) return null;
  const named = error.message.split(/\s+/).find((word) => /\.js(\?\S*)?$/.test(word));
  if (!named) return null;
  try {
    const url = new URL(named);
    // Scheme and host, not `url.origin`: that is "null" for a custom scheme outside the browser that registered it.
    const site = `${url.protocol}//${url.host}`;
    return site === origin ? `${site}${url.pathname}` : null;
  } catch {
    return null;
  }
}
