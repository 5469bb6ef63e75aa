// Bearer API keys (or X-Api-Key) → tenant. Runs first on every protected route, before body validation.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Store } from '../store';
import { normalizeScopes } from '../keys';
import { ApiError } from './errors';
import './tenant';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="keel"' });

/** `Authorization: Bearer <key>`, or `X-Api-Key: <key>` as Anthropic's SDKs send it. */
function apiKeyOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key.trim()) return key.trim();
    throw unauthorized('missing Authorization: Bearer <api key>');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Authorization must be "Bearer <api key>"');
  return match[1];
}

const authenticate: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.decorateRequest('tenant', undefined as never);
  app.addHook('onRequest', async (request) => {
    const found = await store.tenants.authenticate(apiKeyOf(request));
    if (!found) throw unauthorized('invalid API key');
    request.tenant = { id: found.tenantId, name: found.tenantName, apiKeyId: found.keyId, scopes: normalizeScopes(found.scopes) };
  });
};

/** Not encapsulated: the hook guards every route registered beside it. */
export const authPlugin = fp(authenticate, { name: 'keel-auth' });
