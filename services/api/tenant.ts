// The authenticated caller, set on every request by the auth hook before any route runs.
import type { ApiScope } from '../keys';

export interface Tenant {
  id: string;
  name: string;
  apiKeyId: string;
  /** The key's scopes; the scope guard (scopes.ts) checks them against the route's. */
  scopes: readonly ApiScope[];
  /** Set when the caller came with a console session cookie instead of the key itself. */
  session?: { id: string; csrfToken: string; expiresAt: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
}

/** Who is acting, for the audit log. */
export const actorOf = (request: { tenant: Tenant }) => ({ type: 'api_key' as const, id: request.tenant.apiKeyId });
