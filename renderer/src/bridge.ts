/**
 * The renderer's only way to main: `window.teamSafe`, typed from the shared
 * contract. `call` unwraps the `Result` and throws the shared `AppError`
 * (every field of the shape kept, `current` too), so slices deal in codes,
 * never in strings.
 */
import { AppError, isErrorCode } from '../../shared/errors.ts';
import type {
  Bridge,
  Channel,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload,
} from '../../shared/ipc/contract.ts';

declare global {
  interface Window {
    teamSafe?: Bridge;
  }
}

export function hasBridge(): boolean {
  return typeof window !== 'undefined' && window.teamSafe !== undefined;
}

export async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const bridge = window.teamSafe;
  if (!bridge) throw new AppError('internal', 'window.teamSafe is not available');
  let result: Awaited<ReturnType<Bridge['invoke']>> | undefined;
  try {
    result = await bridge.invoke(channel, request);
  } catch (cause) {
    throw new AppError('internal', `bridge invoke failed: ${String(cause)}`);
  }
  if (!result || typeof result !== 'object') {
    throw new AppError('internal', `malformed bridge result on ${channel}`);
  }
  if (result.ok) return result.value as ChannelResponse<C>;
  const error = result.error;
  if (!isErrorCode(error?.code)) throw new AppError('internal', `unknown error on ${channel}: ${String(error?.code)}`);
  throw AppError.fromShape(error);
}

/** Listens to a push from main; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const bridge = window.teamSafe;
  if (!bridge) return () => undefined;
  return bridge.on(event, listener);
}
