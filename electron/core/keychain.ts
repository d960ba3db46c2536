/**
 * The OS keychain, behind the one small interface the core needs. The keytar
 * adapter is the only place that touches the native module. There is no
 * plain-text fallback: without a keychain, signing in is refused.
 */
import { createRequire } from 'node:module';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from './log.ts';

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** The keychain service name: one per product. Tests use their own (see `node-core.ts`). */
export const KEYCHAIN_SERVICE = 'Team Safe Admin';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** keytar as it is: its calls reject with the OS's own error when the keychain is locked or missing. */
export function createKeytarStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  let keytar: Keytar;
  try {
    keytar = createRequire(import.meta.url)('keytar') as Keytar;
  } catch (cause) {
    const rejected = () => Promise.reject(cause instanceof Error ? cause : new Error(String(cause)));
    return { get: rejected, set: rejected, delete: rejected };
  }
  return {
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: (account) => keytar.deletePassword(service, account),
  };
}

/**
 * Any secret store as the core uses it: a failure becomes
 * `keychain_unavailable`, which the renderer translates. The OS's own words
 * (which may name the user, the keyring or the entry) go only to the log,
 * redacted there; they never cross to the renderer.
 */
export function guardSecretStore(store: SecretStore, log: Logger): SecretStore {
  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      const detail = cause instanceof Error ? cause.message : String(cause);
      log.warn(`keychain ${operation}: ${detail.replace(/[^\s@]+@[^\s@]+/g, '[account]')}`);
      throw new AppError('keychain_unavailable', `OS keychain unavailable (${operation})`);
    }
  };
  return {
    get: (account) => guard('read', () => store.get(account)),
    set: (account, secret) => guard('write', () => store.set(account, secret)),
    delete: (account) => guard('delete', () => store.delete(account)),
  };
}

/** One keychain entry per user and server. */
export function keychainAccount(serverUrl: string, email: string): string {
  return `${email} @ ${serverUrl}`;
}
