/**
 * A plain HTTP client for tests and the benchmark to ask the reference server what the truth
 * is (independently of the app under test), typed from the shared routes.
 */
import { ApiClient, type RouteInput, type RouteResponse } from '../electron/core/api-client.ts';
import type { RouteName } from '../shared/api/routes.ts';
import { AppError } from '../shared/errors.ts';

export class TestApi {
  readonly client: ApiClient;
  accessToken = '';
  /** Set with `renew`: an expired access token is replaced by signing in again (runs longer than its lifetime). */
  #credentials: { email: string; password: string } | null = null;

  constructor(baseUrl: string) {
    this.client = new ApiClient(baseUrl);
  }

  static async signIn(
    baseUrl: string,
    email: string,
    password: string,
    options: { renew?: boolean } = {},
  ): Promise<TestApi> {
    const api = new TestApi(baseUrl);
    if (options.renew) api.#credentials = { email, password };
    await api.#signIn(email, password);
    return api;
  }

  async #signIn(email: string, password: string): Promise<void> {
    const tokens = await this.client.call('signIn', { body: { email, password } });
    this.accessToken = tokens.accessToken;
  }

  async call<R extends RouteName>(name: R, input: Omit<RouteInput<R>, 'accessToken'> = {}): Promise<RouteResponse<R>> {
    try {
      return await this.client.call(name, { ...input, accessToken: this.accessToken } as RouteInput<R>);
    } catch (error) {
      if (!this.#credentials || !(error instanceof AppError) || error.code !== 'session_expired') throw error;
      await this.#signIn(this.#credentials.email, this.#credentials.password);
      return this.client.call(name, { ...input, accessToken: this.accessToken } as RouteInput<R>);
    }
  }
}
