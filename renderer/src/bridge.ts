/**
 * The renderer's only way to main: `window.teamSafe`, typed from the shared
 * contract. `call` unwraps the `IpcResult` and throws a `BridgeError` that
 * carries the `AppErrorShape`, so slices deal in codes, never in strings.
 */
import { ERROR_CODES, type AppErrorShape, type ErrorCode, type FieldErrorCode } from '../../shared/errors.ts';
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

export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, FieldErrorCode>;
  readonly retryAfterSeconds?: number;
  readonly permission?: string;

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'BridgeError';
    this.code = shape.code;
    if (shape.fields) this.fields = shape.fields;
    if (shape.retryAfterSeconds !== undefined) this.retryAfterSeconds = shape.retryAfterSeconds;
    if (shape.permission !== undefined) this.permission = shape.permission;
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.permission !== undefined ? { permission: this.permission } : {}),
    };
  }
}

export function hasBridge(): boolean {
  return typeof window !== 'undefined' && window.teamSafe !== undefined;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Any thrown value as an `AppErrorShape`; unknown codes become `internal`. */
export function toAppError(error: unknown): AppErrorShape {
  if (error instanceof BridgeError) return error.toShape();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export async function call<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const bridge = window.teamSafe;
  if (!bridge) throw new BridgeError({ code: 'internal', message: 'window.teamSafe is not available' });
  let result: Awaited<ReturnType<Bridge['invoke']>> | undefined;
  try {
    result = await bridge.invoke(channel, request);
  } catch (cause) {
    throw new BridgeError({ code: 'internal', message: `bridge invoke failed: ${String(cause)}` });
  }
  if (!result || typeof result !== 'object') {
    throw new BridgeError({ code: 'internal', message: `malformed bridge result on ${channel}` });
  }
  if (result.ok) return result.value as ChannelResponse<C>;
  const error = result.error;
  throw new BridgeError(
    isErrorCode(error?.code)
      ? error
      : { code: 'internal', message: `unknown error on ${channel}: ${String(error?.code)}` },
  );
}

/** Listens to a push from main; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const bridge = window.teamSafe;
  if (!bridge) return () => undefined;
  return bridge.on(event, listener);
}
