// One error shape for every HTTP response: { error: { code, message, details? } }.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';

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

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'invalid_request', message, details);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

export function zodIssues(err: ZodError) {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parses with zod; a failure becomes a 400 naming each bad field. */
export function parseOr400<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, value: unknown, what = 'body'): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = zodIssues(r.error);
    const summary = issues.map((i) => `${i.path || what}: ${i.message}`).join('; ');
    throw badRequest(`invalid ${what}: ${summary}`, issues);
  }
  return r.data;
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, details: err.details } });
  }
  if (err instanceof ZodError) {
    return reply.status(400).send({ error: { code: 'invalid_request', message: 'invalid input', details: zodIssues(err) } });
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
    return reply.status(status).send({ error: { code, message: err.message } });
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
}
