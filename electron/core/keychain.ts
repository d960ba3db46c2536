/**
 * The OS keychain, behind the one small interface the core needs. The keytar
 * adapter is the only place that touches the native module. There is no
 * plain-text fallback: without a keychain, signing in is refused.
 */
import { createRequire } from 'node:module';
import { AppError } from '../../shared/errors.ts';

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** The keychain service name: one per product. */
export const KEYCHAIN_SERVICE = 'Team Safe Admin';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function unavailable(cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('keychain_unavailable', `OS keychain unavailable: ${reason}`);
}

export function createKeytarStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  let keytar: Keytar;
  try {
    keytar = createRequire(import.meta.url)('keytar') as Keytar;
  } catch (cause) {
    const error = unavailable(cause);
    return {
      get: () => Promise.reject(error),
      set: () => Promise.reject(error),
      delete: () => Promise.reject(error),
    };
  }
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (cause) {
      throw unavailable(cause);
    }
  };
  return {
    get: (account) => guard(() => keytar.getPassword(service, account)),
    set: (account, secret) => guard(() => keytar.setPassword(service, account, secret)),
    delete: (account) => guard(() => keytar.deletePassword(service, account)),
  };
}

/** One keychain entry per user and server. */
export function keychainAccount(serverUrl: string, email: string): string {
  return `${email} @ ${serverUrl}`;
}
