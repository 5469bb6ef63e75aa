// One error shape for every HTTP response: { error: { code, message, details? } }. Services throw
// DomainError (services/errors); this is the one place that turns an error into a status.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError, zodIssues, type ErrorKind } from '../errors';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  upstream_failed: 502,
};

/** An error only HTTP has (an exact status, response headers): the gateway's and auth's. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An error as the API answers it: status, code, message, details and response headers. */
export interface ApiErrorResponse {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  headers: Record<string, string>;
}

/** `param` (the request field at fault) is also top-level, where OpenAI clients read it. */
const paramOf = (details: unknown) => {
  const p = (details as { param?: unknown } | undefined)?.param;
  return typeof p === 'string' ? { param: p } : {};
};

/** The one mapping from a thrown error to its answer (a 500 only for what nothing classified). */
export function toErrorResponse(err: FastifyError | Error): ApiErrorResponse {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = err.retryAfterSeconds !== undefined ? { 'retry-after': String(Math.ceil(err.retryAfterSeconds)) } : {};
    return { status: STATUS_BY_KIND[err.kind], code: err.code, message: err.message, details: err.details, headers };
  }
  if (err instanceof ApiError) return { status: err.statusCode, code: err.code, message: err.message, details: err.details, headers: err.headers };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), message: v.message }));
    const message = `invalid ${err.validationContext ?? 'request'}: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`;
    return { status: 400, code: 'invalid_request', message, details, headers: {} };
  }
  if (err instanceof ZodError) return { status: 400, code: 'invalid_request', message: 'invalid input', details: zodIssues(err), headers: {} };
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
    return { status, code, message: err.message, headers: {} };
  }
  return { status: 500, code: 'internal', message: 'internal error', headers: {} };
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const e = toErrorResponse(err);
  if (e.status >= 500 && e.code === 'internal') request.log.error({ err }, 'unhandled error');
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  return reply.status(e.status).send({ error: e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, ...paramOf(e.details), details: e.details } });
}
