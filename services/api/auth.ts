// Bearer API keys (or X-Api-Key) → tenant; or, for the console, a session cookie with its CSRF
// header on unsafe methods (console-session.ts). Runs first on every protected route, before body
// validation.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Store } from '../store';
import { normalizeScopes } from '../keys';
import { ApiError } from './errors';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches, isSafeMethod } from './console-session';
import './tenant';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="keel"' });

/** `Authorization: Bearer <key>`, or `X-Api-Key: <key>` as Anthropic's SDKs send it; undefined when neither is sent. */
function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key.trim()) return key.trim();
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Authorization must be "Bearer <api key>"');
  return match[1];
}

const authenticate: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.decorateRequest('tenant', undefined as never);
  app.addHook('onRequest', async (request) => {
    const key = apiKeyOf(request);
    if (key !== undefined) {
      const found = await store.tenants.authenticate(key);
      if (!found) throw unauthorized('invalid API key');
      request.tenant = { id: found.tenantId, name: found.tenantName, apiKeyId: found.keyId, scopes: normalizeScopes(found.scopes) };
      return;
    }
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (!sessionId) throw unauthorized('missing Authorization: Bearer <api key>');
    const session = sessionId.length <= 128 ? await store.consoleSessions.find(sessionId) : undefined;
    if (!session) throw unauthorized('the console session has ended; log in again');
    // A cross-site form or fetch carries the cookie but cannot know the token.
    if (!isSafeMethod(request.method) && !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) {
      throw new ApiError(403, 'csrf_failed', `a console request that changes something needs the ${CSRF_HEADER} header of its session`);
    }
    request.tenant = {
      id: session.tenantId,
      name: session.tenantName,
      apiKeyId: session.keyId,
      scopes: normalizeScopes(session.scopes),
      session: { id: sessionId, csrfToken: session.csrfToken, expiresAt: session.expiresAt },
    };
  });
};

/** Not encapsulated: the hook guards every route registered beside it. */
export const authPlugin = fp(authenticate, { name: 'keel-auth' });
