/**
 * The `app://team-safe-admin` protocol: the built renderer and the shell's
 * own pages (the error page), each answer with the strict CSP. Takes the
 * part of Electron's API it uses, so Node tests run this code for real.
 */
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, mimeType, resolveAppFile } from '../../core/security.ts';

export interface ProtocolApi {
  protocol: {
    registerSchemesAsPrivileged(
      schemes: { scheme: string; privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean } }[],
    ): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  net: { fetch(input: string): Promise<Response> };
}

/** A page main generates at request time (translated into the current UI language). */
export interface GeneratedPage {
  type: string;
  body(): string;
}

export interface AppProtocolOptions {
  /** The built renderer (`out/renderer`). */
  rendererRoot: string;
  /** Request path → page, e.g. `/__shell/error.html`. */
  pages?: Readonly<Record<string, GeneratedPage>>;
}

/** Before `app.whenReady()`: the scheme behaves like https (standard, secure, fetch). */
export function registerAppScheme(protocol: ProtocolApi['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function respond(body: ConstructorParameters<typeof Response>[0], status: number, type: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

export function createAppRequestHandler(
  net: ProtocolApi['net'],
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const page = options.pages?.[pathname];
    if (page) return respond(page.body(), 200, page.type);
    const file = resolveAppFile(options.rendererRoot, pathname);
    if (!file) return respond('Not found', 404, 'text/plain; charset=utf-8');
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!response || !response.ok) return respond('Not found', 404, 'text/plain; charset=utf-8');
    return respond(response.body, 200, mimeType(file));
  };
}

/** After ready: serve the app. */
export function installAppProtocol(api: ProtocolApi, options: AppProtocolOptions): void {
  api.protocol.handle(APP_SCHEME, createAppRequestHandler(api.net, options));
}
