// Bearer API keys → tenant. Runs first on every protected route, before body validation.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store';
import { normalizeScopes } from '../keys';
import { ApiError } from './errors';
import './tenant';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer realm="keel"' });

const authenticate: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.decorateRequest('tenant', undefined as never);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('missing Authorization: Bearer <api key>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Authorization must be "Bearer <api key>"');
    const found = await store.tenants.authenticate(match[1]);
    if (!found) throw unauthorized('invalid API key');
    request.tenant = { id: found.tenantId, name: found.tenantName, apiKeyId: found.keyId, scopes: normalizeScopes(found.scopes) };
  });
};

/** Not encapsulated: the hook guards every route registered beside it. */
export const authPlugin = fp(authenticate, { name: 'keel-auth' });
