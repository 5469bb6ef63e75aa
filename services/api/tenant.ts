// The authenticated caller, set on every request by the auth hook before any route runs.
export interface Tenant {
  id: string;
  name: string;
  apiKeyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
}
