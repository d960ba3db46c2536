/**
 * The signed-in session. The refresh token lives only in the OS keychain;
 * the access token only in this object's memory. Neither is returned to the
 * renderer, written to a file or logged.
 */
import type { TokenResponse, User } from '../../shared/api/schemas.ts';
import type { RouteName } from '../../shared/api/routes.ts';
import { AppError } from '../../shared/errors.ts';
import type { SessionState, SignedOutProblem } from '../../shared/ipc/contract.ts';
import { ApiClient, type ApiClientOptions, type RouteInput, type RouteResponse } from './api-client.ts';
import { keychainAccount, type SecretStore } from './keychain.ts';
import type { Logger } from './log.ts';
import type { SettingsStore } from './settings.ts';

interface Active {
  client: ApiClient;
  serverUrl: string;
  user: User;
  account: string;
  accessToken: string | null;
  accessExpiresAt: number;
}

export interface SessionDeps {
  secrets: SecretStore;
  settings: SettingsStore;
  log: Logger;
  /** Pre-filled server address when the user has none yet. */
  defaultServerUrl: string;
  api?: ApiClientOptions;
  /**
   * Elapsed time in ms (default `performance.now`): token lifetimes are
   * measured on it, so a wall clock that jumps by days neither keeps an
   * expired token nor throws away a good one.
   */
  monotonic?: () => number;
}

/** A change of the session: its new state, and the keychain account that just ended (sign-out, expiry). */
export interface SessionChange {
  state: SessionState;
  account: string | null;
  ended: string | null;
}

/** May be async: the session's change is complete once every listener has settled. */
export type SessionListener = (change: SessionChange) => void | Promise<void>;

/** Refresh this long before the access token runs out. */
const EXPIRY_MARGIN_MS = 30_000;

export class SessionService {
  readonly #deps: SessionDeps;
  #active: Active | null = null;
  #refreshing: Promise<string> | null = null;
  /** Why the user sees the sign-in screen (a session not restored, or ended for them). */
  #problem: SignedOutProblem | null = null;
  readonly #listeners = new Set<SessionListener>();

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  #now(): number {
    return (this.#deps.monotonic ?? (() => performance.now()))();
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Signed-in state comes back from the keychain alone: no server needed. */
  async restore(): Promise<SessionState> {
    const { account } = this.#deps.settings.read();
    if (account) {
      const key = keychainAccount(account.serverUrl, account.user.email);
      try {
        if (await this.#deps.secrets.get(key)) {
          this.#active = {
            client: new ApiClient(account.serverUrl, this.#deps.api),
            serverUrl: account.serverUrl,
            user: account.user,
            account: key,
            accessToken: null,
            accessExpiresAt: 0,
          };
        } else {
          this.#deps.settings.update({ account: undefined });
        }
      } catch (error) {
        // Locked or missing keychain: the account stays remembered for when it is back.
        this.#problem = 'keychain_unavailable';
        this.#deps.log.warn(`session restore: ${error instanceof AppError ? error.code : 'failed'}`);
      }
    }
    return this.state();
  }

  /** The keychain account of the signed-in user (it also names their offline cache). */
  get account(): string | null {
    return this.#active?.account ?? null;
  }

  state(): SessionState {
    if (this.#active) return { status: 'signedIn', serverUrl: this.#active.serverUrl, user: this.#active.user };
    const settings = this.#deps.settings.read();
    return {
      status: 'signedOut',
      serverUrl: settings.serverUrl ?? this.#deps.defaultServerUrl,
      ...(settings.lastEmail ? { email: settings.lastEmail } : {}),
      ...(this.#problem ? { problem: this.#problem } : {}),
    };
  }

  async signIn(serverUrl: string, email: string, password: string): Promise<SessionState> {
    if (this.#active) await this.signOut();
    const client = new ApiClient(serverUrl, this.#deps.api);
    this.#deps.settings.update({ serverUrl, lastEmail: email });
    const tokens = await client.call('signIn', { body: { email, password } });
    const account = keychainAccount(serverUrl, tokens.user.email);
    try {
      await this.#deps.secrets.set(account, tokens.refreshToken);
    } catch (error) {
      // No safe place for the refresh token: end the server session too.
      await client.call('signOut', { body: { refreshToken: tokens.refreshToken } }).catch(() => undefined);
      throw error;
    }
    this.#active = { client, serverUrl, user: tokens.user, account, accessToken: null, accessExpiresAt: 0 };
    this.#problem = null;
    this.#accept(tokens);
    this.#deps.settings.update({ account: { serverUrl, user: tokens.user } });
    this.#deps.log.info(`signed in to ${serverUrl}`);
    return this.#changed(null);
  }

  /** `reason`: the session was ended for the user (idle, policy), and the sign-in screen says why. */
  async signOut(reason?: SignedOutProblem): Promise<SessionState> {
    const active = this.#active;
    if (!active) return this.state();
    if (reason) this.#problem = reason;
    this.#active = null;
    this.#refreshing = null;
    this.#deps.settings.update({ account: undefined });
    let refreshToken: string | null = null;
    try {
      refreshToken = await this.#deps.secrets.get(active.account);
      await this.#deps.secrets.delete(active.account);
    } catch (error) {
      this.#deps.log.warn(`sign-out keychain: ${error instanceof AppError ? error.code : 'failed'}`);
    }
    if (refreshToken) {
      // Revoke on the server when it can be reached; locally we are signed out regardless.
      await active.client.call('signOut', { body: { refreshToken } }).catch((error: unknown) => {
        this.#deps.log.warn(`server sign-out: ${error instanceof AppError ? error.code : 'failed'}`);
      });
    }
    this.#deps.log.info(reason ? `signed out (${reason})` : 'signed out');
    return this.#changed(active.account);
  }

  /** Call an authenticated route, refreshing the access token when needed. */
  async call<R extends RouteName>(name: R, input: Omit<RouteInput<R>, 'accessToken'> = {}): Promise<RouteResponse<R>> {
    const active = this.#requireActive();
    const token = await this.#accessToken(active);
    try {
      return await active.client.call(name, { ...input, accessToken: token } as RouteInput<R>);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'session_expired' || this.#active !== active) throw error;
      active.accessToken = null;
      const fresh = await this.#accessToken(active);
      return active.client.call(name, { ...input, accessToken: fresh } as RouteInput<R>);
    }
  }

  #requireActive(): Active {
    if (!this.#active) throw new AppError('not_signed_in', 'no session');
    return this.#active;
  }

  async #accessToken(active: Active): Promise<string> {
    if (active.accessToken && this.#now() < active.accessExpiresAt - EXPIRY_MARGIN_MS) return active.accessToken;
    this.#refreshing ??= this.#refresh(active).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(active: Active): Promise<string> {
    const refreshToken = await this.#deps.secrets.get(active.account);
    if (!refreshToken) {
      await this.#expire(active);
      throw new AppError('session_expired', 'no refresh token in keychain');
    }
    let tokens: TokenResponse;
    try {
      tokens = await active.client.call('refresh', { body: { refreshToken } });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'session_expired' || error.code === 'invalid_payload')) {
        await this.#expire(active);
        throw new AppError('session_expired', 'refresh token refused');
      }
      throw error;
    }
    if (this.#active !== active) {
      // Signed out while the refresh was under way: the new token must not land in the keychain
      // after the sign-out removed the old one, and its server session ends too.
      await active.client.call('signOut', { body: { refreshToken: tokens.refreshToken } }).catch(() => undefined);
      throw new AppError('not_signed_in', 'signed out during refresh');
    }
    await this.#deps.secrets.set(active.account, tokens.refreshToken);
    if (this.#active !== active) {
      await this.#deps.secrets.delete(active.account).catch(() => false);
      throw new AppError('not_signed_in', 'signed out during refresh');
    }
    active.user = tokens.user;
    this.#accept(tokens);
    return tokens.accessToken;
  }

  #accept(tokens: TokenResponse): void {
    const active = this.#requireActive();
    active.accessToken = tokens.accessToken;
    active.accessExpiresAt = this.#now() + tokens.accessTokenExpiresIn * 1000;
  }

  async #expire(active: Active): Promise<void> {
    if (this.#active !== active) return;
    this.#active = null;
    this.#deps.settings.update({ account: undefined });
    await this.#deps.secrets.delete(active.account).catch(() => false);
    this.#deps.log.info('session expired');
    await this.#changed(active.account);
  }

  async #changed(ended: string | null): Promise<SessionState> {
    const state = this.state();
    const change: SessionChange = { state, account: this.account, ended };
    const settled = await Promise.allSettled([...this.#listeners].map(async (listener) => listener(change)));
    for (const result of settled) {
      if (result.status === 'rejected') {
        this.#deps.log.warn(`session change: ${result.reason instanceof AppError ? result.reason.code : 'failed'}`);
      }
    }
    return state;
  }
}
