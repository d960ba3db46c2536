/**
 * The one door into the core: every IPC call (from the Electron shell or the
 * preview host) passes here. The channel must be in the contract, the payload
 * must match its schema, and whatever goes wrong comes back as a typed error,
 * never as a crash. Payloads are never logged: they may hold a password.
 */
import { AppError, type Result } from '../../shared/errors.ts';
import { channels, isChannel, type Channel, type Handlers } from '../../shared/ipc/contract.ts';
import { fieldErrors } from '../../shared/validation.ts';
import type { Logger } from './log.ts';

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      log.warn(`ipc: refused unknown channel`);
      return failure(new AppError('unknown_channel', 'unknown channel'));
    }
    const parsed = channels[channel].request.safeParse(payload);
    if (!parsed.success) {
      log.warn(`ipc ${channel}: invalid payload`);
      return failure(
        new AppError('invalid_payload', `invalid payload for ${channel}`, { fields: fieldErrors(parsed.error) }),
      );
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) {
        log.info(`ipc ${channel}: ${error.code}`);
        return failure(error);
      }
      log.error(
        `ipc ${channel}: unexpected ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return failure(new AppError('internal', 'unexpected error'));
    }
  };
}

function failure(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}

export type { Channel };
