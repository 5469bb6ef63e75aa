// Every authenticated route declares the scopes it needs in its options —
// `config: { scope: 'runs' }` or `config: { scope: ['runs', 'read'] }` (all of them) — and this
// guard checks them against the key's after authentication. A route that declares none is refused
// when it is registered, so the API does not start with a route every key could call.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { API_SCOPES, missingScope, type ApiScope } from '../keys';
import { ApiError } from './errors';
import './tenant';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scopes a key needs for this route (every one of them). */
    scope?: ApiScope | readonly ApiScope[];
  }
  interface FastifyInstance {
    /** Every authenticated route and the scopes it needs, as registered (buildApi's root only). */
    routeScopes: readonly RouteScope[];
  }
}

export interface RouteScope {
  method: string;
  url: string;
  scopes: readonly ApiScope[];
}

const requiredScopes = (scope: ApiScope | readonly ApiScope[] | undefined): readonly ApiScope[] =>
  scope === undefined ? [] : typeof scope === 'string' ? [scope] : scope;

const guard: FastifyPluginAsync<{ routes?: RouteScope[] }> = async (app, opts) => {
  app.addHook('onRoute', (route) => {
    const scopes = requiredScopes(route.config?.scope);
    const where = `${[route.method].flat().join(',')} ${route.url}`;
    if (scopes.length === 0) throw new Error(`route ${where} declares no scope: add config: { scope: … } (one of ${API_SCOPES.join(', ')})`);
    const unknown = scopes.find((s) => !API_SCOPES.includes(s));
    if (unknown) throw new Error(`route ${where} declares an unknown scope "${unknown}"`);
    for (const method of [route.method].flat()) opts.routes?.push({ method, url: route.url, scopes });
  });

  app.addHook('onRequest', async (request) => {
    const required = requiredScopes(request.routeOptions.config.scope);
    // Registration refuses a route without scopes; should one slip through, no key passes.
    if (required.length === 0) throw new ApiError(403, 'forbidden', 'this route declares no scope');
    const missing = missingScope(request.tenant.scopes, required);
    if (missing) throw new ApiError(403, 'forbidden', `this key lacks the "${missing}" scope`);
  });
};

/** Register right after the auth plugin; not encapsulated, so it guards every route beside it. */
export const scopeGuard = fp(guard, { name: 'keel-scopes', dependencies: ['keel-auth'] });
