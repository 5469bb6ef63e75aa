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

/** `param` (the request field at fault) is also top-level, where OpenAI clients read it. */
const paramOf = (details: unknown) => {
  const p = (details as { param?: unknown } | undefined)?.param;
  return typeof p === 'string' ? { param: p } : {};
};

const send = (reply: FastifyReply, status: number, code: string, message: string, details?: unknown) =>
  reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, ...paramOf(details), details } });

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.ceil(err.retryAfterSeconds)));
    return send(reply, STATUS_BY_KIND[err.kind], err.code, err.message, err.details);
  }
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return send(reply, err.statusCode, err.code, err.message, err.details);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), message: v.message }));
    const message = `invalid ${err.validationContext ?? 'request'}: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`;
    return send(reply, 400, 'invalid_request', message, details);
  }
  if (err instanceof ZodError) return send(reply, 400, 'invalid_request', 'invalid input', zodIssues(err));
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
    return send(reply, status, code, err.message);
  }
  request.log.error({ err }, 'unhandled error');
  return send(reply, 500, 'internal', 'internal error');
}
