// The OpenAPI document at /openapi.json: @fastify/swagger over the routes' zod schemas, plus what
// the schemas cannot say — each operation's scope and security, the error responses every route
// can give (auth, scope, rate limit, validation, not found, internal), and the text/event-stream
// bodies of the streaming routes (which hijack the reply, so no serializer sees them).
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiScope } from '../keys';

/** Every Keel error body: `{ error: { code, message, param?, details? } }` (errors.ts). */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable error code (invalid_request, not_found, forbidden, rate_limited, …)'),
      message: z.string(),
      param: z.string().optional().describe('The request field at fault, where OpenAI clients read it'),
      details: z.unknown().optional(),
    }),
  })
  .meta({ title: 'ErrorResponse' });

/** The Anthropic Messages route's error body, as Anthropic's SDKs expect it. */
export const AnthropicErrorResponse = z
  .object({
    type: z.literal('error'),
    error: z.object({ type: z.string().describe('invalid_request_error, authentication_error, rate_limit_error, overloaded_error, …'), message: z.string() }),
  })
  .meta({ title: 'AnthropicErrorResponse' });

const SHARED_SCHEMAS = { ErrorResponse, AnthropicErrorResponse } as const;
type SharedSchemaName = keyof typeof SHARED_SCHEMAS;

/** An error response a route declares itself (it then also serializes through the schema). */
export const errorBody = (description: string) => ErrorResponse.describe(description);

declare module 'fastify' {
  interface FastifySchema {
    /** The 2xx body is (also, or with `only` only) a Server-Sent Events stream. Documentation only. */
    eventStream?: { description: string; only?: boolean };
    /** The body of this route's errors in the document; Keel's ErrorResponse unless set. */
    errorSchema?: SharedSchemaName;
    /** A request body read raw (no schema validates it), e.g. an upload. Documentation only. */
    rawBody?: { mediaType: string; description: string };
  }
}

type Json = Record<string, any>;

interface OperationExtras {
  authenticated: boolean;
  eventStream?: { description: string; only?: boolean };
  errorSchema: SharedSchemaName;
  rawBody?: { mediaType: string; description: string };
}

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid request (a malformed URL, or an invalid body, query, path parameter or header)',
  '401': 'Missing or invalid API key',
  '403': 'The API key lacks the scope this operation needs',
  '404': 'Not found (another tenant’s resources answer exactly like missing ones)',
  '429': 'Per-tenant rate limit reached (see Retry-After)',
  '500': 'Internal error',
};

const API_KEY_SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const scopesOf = (scope: ApiScope | readonly ApiScope[] | undefined): readonly ApiScope[] =>
  scope === undefined ? [] : typeof scope === 'string' ? [scope] : scope;

const EVENT_STREAM_SCHEMA = { type: 'string', description: 'Server-Sent Events: `id:`, `event:` and `data:` lines, events separated by a blank line' };

/**
 * The swagger options: the zod transform, then per operation its security and scope, and on the
 * whole document the shared error schemas, the error responses and the event-stream bodies.
 */
export function openApiOptions(info: { title: string; version: string; description?: string }): FastifyDynamicSwaggerOptions {
  const extras = new Map<string, OperationExtras>();
  return {
    openapi: {
      openapi: '3.0.3',
      info,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The API key in X-Api-Key, as Anthropic SDKs send it' },
        },
      },
      security: API_KEY_SECURITY,
    },
    transform: (input) => {
      const result = jsonSchemaTransform(input) as { schema: Json; url: string };
      const schema = result.schema;
      if (!schema || schema.hide) return result;
      const { eventStream, errorSchema, rawBody, ...rest } = schema;
      const scopes = scopesOf(input.route.config?.scope);
      const authenticated = scopes.length > 0;
      if (typeof rest.operationId === 'string') extras.set(rest.operationId, { authenticated, eventStream, rawBody, errorSchema: errorSchema ?? 'ErrorResponse' });
      if (!authenticated) return { ...result, schema: { ...rest, security: [] } };
      const needs = `Requires the API key scope${scopes.length > 1 ? 's' : ''} ${scopes.map((s) => `\`${s}\``).join(' and ')}${scopes.includes('admin') ? '' : ' (or `admin`)'}.`;
      return {
        ...result,
        schema: {
          ...rest,
          description: rest.description ? `${rest.description}\n\n${needs}` : needs,
          security: API_KEY_SECURITY,
          'x-keel-scope': [...scopes],
        },
      };
    },
    transformObject: (input) => {
      if (!('openapiObject' in input)) throw new Error('only OpenAPI 3 documents are generated');
      return finishDocument(input.openapiObject as Json, extras);
    },
  };
}

const sharedSchemaJson = (name: SharedSchemaName): Json => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(SHARED_SCHEMAS[name], { target: 'openapi-3.0' }) as Json;
  return json;
};

function finishDocument(doc: Json, extras: Map<string, OperationExtras>): Json {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas } };
  for (const name of Object.keys(SHARED_SCHEMAS) as SharedSchemaName[]) doc.components.schemas[name] = sharedSchemaJson(name);

  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      const extra = typeof operation.operationId === 'string' ? extras.get(operation.operationId) : undefined;
      operation.responses ??= {};
      tidyResponses(operation.responses);
      if (!extra) continue;
      if (extra.rawBody) {
        operation.requestBody = { required: true, description: extra.rawBody.description, content: { [extra.rawBody.mediaType]: { schema: { type: 'string', format: 'binary' } } } };
      }
      addErrorResponses(operation, path, extra);
      if (extra.eventStream) addEventStream(operation.responses, extra.eventStream);
    }
  }
  return doc;
}

const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

/**
 * A response body that is one of the shared schemas becomes a $ref to it; a schema'd 2xx without a
 * description of its own says its status (one without a schema keeps swagger's "Default Response").
 */
function tidyResponses(responses: Json): void {
  for (const [status, response] of Object.entries<Json>(responses)) {
    if (response.description === 'Default Response' && response.content && SUCCESS_DESCRIPTIONS[status]) response.description = SUCCESS_DESCRIPTIONS[status];
    for (const media of Object.values<Json>(response.content ?? {})) {
      const title = media.schema?.title;
      if (typeof title === 'string' && title in SHARED_SCHEMAS) media.schema = refTo(title);
    }
  }
}

function addErrorResponses(operation: Json, path: string, extra: OperationExtras): void {
  // Any route can meet a malformed URL (the router's errors answer in the same shape).
  const statuses = ['400', '500'];
  if (extra.authenticated) statuses.push('401', '403', '429');
  if (path.includes('{')) statuses.push('404');
  for (const status of statuses.sort()) {
    operation.responses[status] ??= {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: refTo(extra.errorSchema) } },
    };
  }
}

function addEventStream(responses: Json, stream: { description: string; only?: boolean }): void {
  const status = Object.keys(responses).find((s) => s.startsWith('2')) ?? '200';
  const response = (responses[status] ??= { description: stream.description });
  const media = { schema: { ...EVENT_STREAM_SCHEMA, description: stream.description } };
  response.content = stream.only ? { 'text/event-stream': media } : { ...response.content, 'text/event-stream': media };
  if (stream.only) response.description = stream.description;
}
