/**
 * A plain HTTP client for tests and the benchmark to ask the reference server what the truth
 * is (independently of the app under test), typed from the shared routes.
 */
import { ApiClient, type RouteInput, type RouteResponse } from '../electron/core/api-client.ts';
import type { RouteName } from '../shared/api/routes.ts';

export class TestApi {
  readonly client: ApiClient;
  accessToken = '';

  constructor(baseUrl: string) {
    this.client = new ApiClient(baseUrl);
  }

  static async signIn(baseUrl: string, email: string, password: string): Promise<TestApi> {
    const api = new TestApi(baseUrl);
    const tokens = await api.client.call('signIn', { body: { email, password } });
    api.accessToken = tokens.accessToken;
    return api;
  }

  call<R extends RouteName>(name: R, input: Omit<RouteInput<R>, 'accessToken'> = {}): Promise<RouteResponse<R>> {
    return this.client.call(name, { ...input, accessToken: this.accessToken } as RouteInput<R>);
  }
}
