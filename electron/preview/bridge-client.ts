/**
 * Served to the browser by the preview host as `/__preview/bridge.js`: the
 * same `window.teamSafe` the preload exposes in the app, carried over
 * same-origin fetch (calls) and server-sent events (pushes). Standalone
 * (no imports but types) because the host strips its types and serves it
 * as is.
 */
import type { Bridge, EventName } from '../../shared/ipc/contract.ts';

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

const bridge: Bridge = {
  async invoke(channel, request) {
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
