/**
 * Served to the browser by the preview host as `/__preview/bridge.js`: the
 * same `window.teamSafe` the preload exposes in the app, carried over
 * same-origin fetch (calls) and server-sent events (pushes). Standalone
 * (no imports but types) because the host strips its types and serves it
 * as is; the host defines the constants declared below from their sources.
 *
 * The browser has no system clipboard for main to write, so
 * `clipboard:writeText` is answered here with the browser's own: a copy, and
 * the same timed clearing of a security code as in the app where the page
 * may read the clipboard (best effort: it cannot tell otherwise).
 */
import type { Result } from '../../shared/errors.ts';
import type { Bridge, ChannelResponse, EventName } from '../../shared/ipc/contract.ts';

declare const SENSITIVE_CLEAR_SECONDS: number;
declare const CLIPBOARD_TEXT_MAX: number;

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();
let source: EventSource | null = null;

function connect(): void {
  if (source) return;
  source = new EventSource('/__preview/events');
  source.addEventListener('message', (message: MessageEvent<string>) => {
    const { event, payload } = JSON.parse(message.data) as { event: EventName; payload: unknown };
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
}

async function writeClipboard(request: unknown): Promise<Result<ChannelResponse<'clipboard:writeText'>>> {
  const { text, sensitive } = (request ?? {}) as { text?: unknown; sensitive?: unknown };
  if (typeof text !== 'string' || text.length > CLIPBOARD_TEXT_MAX || typeof sensitive !== 'boolean') {
    return { ok: false, error: { code: 'invalid_payload', message: 'invalid payload for clipboard:writeText' } };
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return { ok: false, error: { code: 'internal', message: 'the browser refused the clipboard' } };
  }
  if (!sensitive) return { ok: true, value: { clearAfterSeconds: null } };
  const readable = await navigator.permissions
    .query({ name: 'clipboard-read' as PermissionName })
    .then((status) => status.state === 'granted')
    .catch(() => false);
  if (!readable) return { ok: true, value: { clearAfterSeconds: null } };
  setTimeout(() => {
    navigator.clipboard
      .readText()
      .then((current) => (current === text ? navigator.clipboard.writeText('') : undefined))
      .catch(() => undefined);
  }, SENSITIVE_CLEAR_SECONDS * 1000);
  return { ok: true, value: { clearAfterSeconds: SENSITIVE_CLEAR_SECONDS } };
}

const bridge: Bridge = {
  async invoke(channel, request) {
    // `channel` narrows, the type parameter does not: this is the answer of exactly this channel.
    if (channel === 'clipboard:writeText') return writeClipboard(request) as never;
    const response = await fetch('/__preview/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, payload: request }),
    });
    if (!response.ok) {
      return { ok: false, error: { code: 'untrusted_sender', message: `preview host answered ${response.status}` } };
    }
    return response.json();
  },
  on(event, listener) {
    connect();
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as Listener);
    };
  },
};

Object.defineProperty(window, 'teamSafe', { value: Object.freeze(bridge), writable: false, configurable: false });
