// Console sessions over HTTP: `POST /v1/console/session` exchanges the API key (sent once, as the
// Authorization header) for an HttpOnly, SameSite=Strict cookie holding an opaque session id
// (Secure when the request came over https, or always when `api.publicUrl` is https); `GET` tells a reloaded page who it is and its CSRF
// token; `DELETE` logs out. The auth hook (auth.ts) accepts the cookie, with `x-keel-csrf` on
// every unsafe method; the session has the key's tenant and scopes and ends with the key.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../store';
import { ApiError } from './errors';
import { errorBody } from './openapi';

export const SESSION_COOKIE = 'keel_session';
export const CSRF_HEADER = 'x-keel-csrf';
/** How long a console login lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

export function csrfMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const SessionInfo = z.object({
  tenant: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.string()).describe("The key's scopes: the session may do exactly what the key may"),
  csrfToken: z.string().describe(`Send it as the ${CSRF_HEADER} header on every POST, PUT, PATCH and DELETE made with the session cookie`),
  expiresAt: z.string(),
  temporalUi: z.string().nullable().describe("The Temporal Web UI's page for this namespace's workflows (append a workflow id), when known"),
}).meta({ title: 'ConsoleSession' });

export interface ConsoleSessionOptions {
  store: Store;
  temporalUi?: string;
  /** Always mark the cookie Secure (the API's public URL is https behind a TLS-terminating proxy). */
  secureCookies?: boolean;
}

export const consoleSessionRoutes: FastifyPluginAsyncZod<ConsoleSessionOptions> = async (app, { store, temporalUi, secureCookies }) => {
  const secure = (protocol: string) => secureCookies === true || protocol === 'https';
  const links = { temporalUi: temporalUi ?? null };
  app.post('/console/session', {
    config: { scope: 'read' },
    schema: {
      operationId: 'createConsoleSession',
      summary: 'Log in to the console: exchange the API key (in Authorization) for a session cookie',
      description: `Sets the HttpOnly, SameSite=Strict \`${SESSION_COOKIE}\` cookie (Secure over https). The cookie holds an opaque id; the key is not stored in it or in the browser.`,
      tags: ['console'],
      response: { 201: SessionInfo, 400: errorBody('Called with a session cookie instead of an API key') },
    },
  }, async (request, reply) => {
    const { tenant } = request;
    if (tenant.session) throw new ApiError(400, 'invalid_request', 'log in with an API key (Authorization: Bearer <key>), not a session');
    const session = await store.consoleSessions.create(tenant.apiKeyId, SESSION_TTL_MS);
    reply.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(request.protocol),
      expires: new Date(session.expiresAt),
    });
    return reply.status(201).send({ tenant: { id: tenant.id, name: tenant.name }, scopes: [...tenant.scopes], csrfToken: session.csrfToken, expiresAt: session.expiresAt, ...links });
  });

  app.get('/console/session', {
    config: { scope: 'read' },
    schema: {
      operationId: 'getConsoleSession',
      summary: "The console session's tenant, scopes and CSRF token (a reloaded page asks)",
      tags: ['console'],
      response: { 200: SessionInfo, 400: errorBody('Called with an API key instead of a session') },
    },
  }, async (request) => {
    const { tenant } = request;
    if (!tenant.session) throw new ApiError(400, 'invalid_request', 'no console session: this request came with an API key');
    return { tenant: { id: tenant.id, name: tenant.name }, scopes: [...tenant.scopes], csrfToken: tenant.session.csrfToken, expiresAt: tenant.session.expiresAt, ...links };
  });

  app.delete('/console/session', {
    config: { scope: 'read' },
    schema: {
      operationId: 'deleteConsoleSession',
      summary: 'Log out of the console: the session ends and its cookie is cleared',
      tags: ['console'],
      response: { 204: z.undefined().describe('Logged out'), 400: errorBody('Called with an API key instead of a session') },
    },
  }, async (request, reply) => {
    const { session } = request.tenant;
    if (!session) throw new ApiError(400, 'invalid_request', 'no console session: this request came with an API key');
    await store.consoleSessions.delete(session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(request.protocol) });
    return reply.status(204).send();
  });
};
