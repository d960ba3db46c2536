/**
 * The OpenAPI 3.1 document, generated from the shared route table: request
 * schemas as zod *input* types, responses as *output* types.
 */
import { z } from 'zod';
import { routes, type RouteDef, type RouteName } from '../shared/api/routes.ts';
import { ApiErrorBody } from '../shared/api/schemas.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  // OpenAPI 3.1 documents use 2020-12 already; an embedded `$schema` is noise.
  delete generated.$schema;
  return generated;
}

function parameters(schema: z.ZodObject, location: 'path' | 'query'): JsonSchema[] {
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
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`invalid_payload`, with `fields`).',
  401: 'Not authenticated (`session_expired`) or wrong credentials (`invalid_credentials`).',
  403: 'Signed in but not allowed (`forbidden`).',
  404: 'No such resource (`not_found`).',
  413: 'Request body larger than 64 KiB (`invalid_payload`).',
  415: 'Request body is not JSON (`invalid_payload`).',
  429: 'Too many failed attempts (`rate_limited`, with `retryAfterSeconds` and a `Retry-After` header).',
  500: 'Unexpected server failure (`server_error`).',
};

function errorStatuses(name: RouteName, route: RouteDef): number[] {
  const statuses = new Set<number>([500]);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.auth) statuses.add(401);
  if (route.params) statuses.add(404);
  if (route.auth && route.params) statuses.add(403);
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
    ];
    if (params.length > 0) operation.parameters = params;
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    operation.security = route.auth ? [{ bearerAuth: [] }] : [];
    const responses: Record<string, JsonSchema> = {
      [String(route.status)]: route.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
        : { description: 'Success, no content' },
    };
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
      description: 'Generated from shared/api/routes.ts. Do not edit by hand.',
    },
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiErrorBody, 'output') },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Opaque access token.' } },
    },
  };
}
