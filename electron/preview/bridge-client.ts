/**
 * Served to the browser by the preview host as `/__preview/bridge.js`: the
 * same `window.teamSafe` the preload exposes in the app, carried over one
 * same-origin WebSocket (calls with their answers, and pushes). Standalone
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
type Answer = (result: Result<unknown>) => void;
const listeners = new Map<EventName, Set<Listener>>();
const waiting = new Map<number, Answer>();
let nextCall = 1;
let socket: Promise<WebSocket> | null = null;
/** The socket once open: a call then goes out in its own task, not after the microtasks queued before it. */
let open: WebSocket | null = null;
/** EventSource's habit: while anything listens, a lost connection is tried again after a pause. */
const RECONNECT_MS = 3000;

function lost(message: string): Result<never> {
  return { ok: false, error: { code: 'internal', message } };
}

function receive(message: MessageEvent<string>): void {
  const data = JSON.parse(message.data) as {
    id?: number;
    result?: Result<unknown>;
    event?: EventName;
    payload?: unknown;
  };
  if (data.id !== undefined) {
    waiting.get(data.id)?.(data.result ?? lost('empty answer'));
    waiting.delete(data.id);
    return;
  }
  for (const listener of listeners.get(data.event as EventName) ?? []) listener(data.payload);
}

/** The one socket, opened on first use; a call waiting when it closes is answered with an error. */
function connect(): Promise<WebSocket> {
  socket ??= new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__preview/socket`);
    ws.addEventListener('open', () => {
      open = ws;
      resolve(ws);
    });
    ws.addEventListener('message', receive);
    ws.addEventListener('close', () => {
      socket = null;
      if (open === ws) open = null;
      reject(new Error('the preview host refused the connection'));
      for (const answer of waiting.values()) answer(lost('the preview host closed the connection'));
      waiting.clear();
      if (listeners.size > 0) setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS);
    });
  });
  return socket;
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

function send(ws: WebSocket, channel: string, request: unknown): Promise<Result<unknown>> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(lost('the preview host closed the connection'));
  const id = nextCall++;
  return new Promise<Result<unknown>>((resolve) => {
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ id, channel, payload: request }));
  });
}

const bridge: Bridge = {
  invoke(channel, request) {
    // `channel` narrows, the type parameter does not: this is the answer of exactly this channel.
    if (channel === 'clipboard:writeText') return writeClipboard(request) as never;
    // Sent before this returns, as ipcRenderer.invoke does: a key press's search is on its
    // way before React draws the key (an `await` here put the send after that drawing).
    if (open) return send(open, channel, request) as never;
    return connect().then(
      (ws) => send(ws, channel, request),
      (error: unknown) => lost((error as Error).message),
    ) as never;
  },
  on(event, listener) {
    void connect().catch(() => undefined);
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as Listener);
    };
  },
};

Object.defineProperty(window, 'teamSafe', { value: Object.freeze(bridge), writable: false, configurable: false });
