/**
 * The OpenAPI 3.1 document, generated from the shared route table: request
 * schemas as zod *input* types, responses as *output* types, each
 * operation's access as `x-access` (and in its description), its security
 * scheme derived from that access.
 */
import { z } from 'zod';
import { ACCESS_LEVELS, credentialOf, routes, type RouteDef, type RouteName } from '../shared/api/routes.ts';
import { ApiErrorBody } from '../shared/api/schemas.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  // OpenAPI 3.1 documents use 2020-12 already; an embedded `$schema` is noise.
  delete generated.$schema;
  return generated;
}

function parameters(schema: z.ZodObject, location: 'path' | 'query' | 'header'): JsonSchema[] {
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: propertySchema,
  }));
}

/** Failure statuses a route can answer beyond what its shape implies. */
const EXTRA_ERRORS: Partial<Record<RouteName, number[]>> = {
  signIn: [401, 429],
  refresh: [401],
  // security groups: support definitions
  supportCreateSecurityGroup: [404, 409],
  supportUpdateSecurityGroup: [409],
  // member lifecycle
  inviteMember: [409, 429, 502],
  resendInvitation: [400, 409, 412, 428, 429, 502],
  revokeInvitation: [400, 409, 412, 428],
  changeMemberRole: [409, 412, 428],
  removeMember: [400, 409, 412, 428],
  redeemInvitation: [410, 423, 429],
  // admin power features; bulk routes answer row errors inside a 200
  undoMemberChange: [409, 412, 428],
};

/** Routes whose success answer carries the member's version as `ETag`. */
const ETAG_ROUTES: ReadonlySet<RouteName> = new Set([
  'getMember',
  'inviteMember',
  'resendInvitation',
  'changeMemberRole',
  'undoMemberChange',
]);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`invalid_payload`, with `fields`; `too_many_entries`, `no_entries`, `too_many_rows` for bulk requests).',
  401: 'Not authenticated (`session_expired`) or wrong credentials (`invalid_credentials`).',
  403: 'Signed in but not allowed (`forbidden`), a missing feature permission (`permission_required`, with `permission`), or no valid support token on a support route (`forbidden`).',
  409: 'Conflict (`group_name_taken`, `already_member`, `member_limit_reached`, `last_administrator`, `not_invited`, `idempotency_conflict`, `undo_expired`, `undo_not_allowed`).',
  410: 'The security code has expired (`code_expired`); an administrator can re-send the invitation.',
  412: 'Stale `If-Match`: someone else changed the member (`precondition_failed`; the `ETag` header has the current version).',
  423: 'Too many wrong codes for this invitation (`too_many_attempts`); it works again once re-sent.',
  428: '`If-Match` is missing (`precondition_required`).',
  502: 'The SMS could not be sent (`sms_failed`).',
  404: 'No such resource (`not_found`).',
  405: 'The path exists but not with this method (`method_not_allowed`, with an `Allow` header).',
  413: 'Request body larger than the route accepts: 64 KiB, 512 KiB for bulk invitations (`invalid_payload`).',
  415: 'Request body is not JSON (`invalid_payload`).',
  429: 'Too many failed attempts (`rate_limited`), or an SMS limit (`sms_cooldown` per member, `sms_quota` per safe and hour); always with `retryAfterSeconds` and a `Retry-After` header.',
  500: 'Unexpected server failure (`server_error`).',
};

const SECURITY = { none: [], bearer: [{ bearerAuth: [] }], supportToken: [{ supportToken: [] }] } as const;

function errorStatuses(name: RouteName, route: RouteDef): number[] {
  const statuses = new Set<number>([500]);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  const credential = credentialOf(route.access);
  if (credential === 'bearer') statuses.add(401);
  if (route.params) statuses.add(404);
  if (credential === 'supportToken' || (route.access !== 'user' && credential === 'bearer') || route.permission) {
    statuses.add(403);
  }
  for (const status of EXTRA_ERRORS[name] ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

export function buildOpenApiDocument(version = '0.1.0'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorRef = (status: number): JsonSchema => ({
    description: ERROR_DESCRIPTIONS[status] ?? 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  });

  for (const [name, route] of Object.entries(routes) as [RouteName, RouteDef][]) {
    const operation: JsonSchema = { operationId: name, summary: route.summary };
    const params = [
      ...(route.params ? parameters(route.params, 'path') : []),
      ...(route.query ? parameters(route.query, 'query') : []),
      ...(route.headers ? parameters(route.headers, 'header') : []),
    ];
    if (params.length > 0) operation.parameters = params;
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    operation.description = `Access: ${ACCESS_LEVELS[route.access]}${
      route.permission ? ` Needs the feature permission \`${route.permission}\`.` : ''
    }`;
    operation['x-access'] = route.access;
    if (route.permission) operation['x-permission'] = route.permission;
    operation.security = SECURITY[credentialOf(route.access)];
    const responses: Record<string, JsonSchema> = {
      [String(route.status)]: route.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
        : { description: 'Success, no content' },
    };
    if (ETAG_ROUTES.has(name)) {
      (responses[String(route.status)] as JsonSchema).headers = {
        ETag: {
          description: 'The member’s version, e.g. `"3"`; send it back as `If-Match`.',
          schema: { type: 'string' },
        },
      };
    }
    for (const status of errorStatuses(name, route)) responses[String(status)] = errorRef(status);
    operation.responses = responses;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }

  (paths['/api/v1/health'] ??= {}).get = {
    operationId: 'health',
    summary: 'Liveness check.',
    security: [],
    responses: {
      '200': {
        description: 'Success',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] },
          },
        },
      },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Team Safe Admin reference API',
      version,
      description:
        'Generated from shared/api/routes.ts. Do not edit by hand. Each operation’s `x-access` says who may call it (enforced by the server before the operation runs). Any request whose `Host` header does not name this server is answered 421 `wrong_host`; a known path with another method 405 `method_not_allowed`.',
    },
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiErrorBody, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Opaque access token.' },
        supportToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Support-Token',
          description: 'Provider support staff only (server option `supportToken`); never a user’s token.',
        },
      },
    },
  };
}
