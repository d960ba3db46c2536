/** Typed calls into a core's dispatcher, as the preload's bridge makes them. */
import type { Core } from '../../electron/core/core.ts';
import type { Channel, ChannelRequest, ChannelResponse, IpcResult } from '../../shared/ipc/contract.ts';

export function attempt<C extends Channel>(
  core: Core,
  channel: C,
  request: ChannelRequest<C>,
): Promise<IpcResult<ChannelResponse<C>>> {
  return core.dispatch(channel, request) as Promise<IpcResult<ChannelResponse<C>>>;
}

export async function invoke<C extends Channel>(
  core: Core,
  channel: C,
  request: ChannelRequest<C>,
): Promise<ChannelResponse<C>> {
  const result = await attempt(core, channel, request);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} (${result.error.message})`);
  return result.value;
}
