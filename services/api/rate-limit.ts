// Per-tenant request rate limit, checked right after authentication. Counted in the platform
// database by default (`SharedRateLimitStore`: every API replica on one database shares a tenant's
// count, and a restart keeps it); `api.rateLimit.backend: memory` counts in each process instead.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { RateLimitConfigSchema, type RateLimitConfigInput } from './config';
import { ApiError } from './errors';
import { MemoryRateLimitStore, SharedRateLimitStore, type RateLimitStore, type SharedCounters } from './rate-limit-stores';
import './tenant';

export { MemoryRateLimitStore, SharedRateLimitStore, fixedWindowOf, type RateDecision, type RateLimitStore, type SharedCounters } from './rate-limit-stores';

export interface RateLimitOptions {
  config?: RateLimitConfigInput;
  /** Replaces the store the config chooses. */
  store?: RateLimitStore;
  /** The platform database's counters (buildApi passes its store's): what `backend: store` counts in. */
  counters?: SharedCounters;
  now?: () => number;
}

function storeFor(config: ReturnType<typeof RateLimitConfigSchema.parse>, options: RateLimitOptions): RateLimitStore {
  if (options.store) return options.store;
  if (config.backend === 'memory') return new MemoryRateLimitStore(config.maxTrackedTenants);
  if (!options.counters) throw new Error('api.rateLimit.backend is store but the API was given no store counters');
  return new SharedRateLimitStore(options.counters);
}

const limitTenants: FastifyPluginAsync<RateLimitOptions> = async (app, options) => {
  const config = RateLimitConfigSchema.parse(options.config ?? {});
  if (!config.enabled) return;
  const store = storeFor(config, options);
  const now = options.now ?? Date.now;
  app.addHook('onRequest', async (request, reply) => {
    const limit = config.tenants[request.tenant.id] ?? config.default;
    const decision = await store.take(request.tenant.id, limit, now());
    reply.header('ratelimit-limit', String(decision.limit));
    reply.header('ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new ApiError(429, 'rate_limited', `request rate limit of ${limit.requestsPerSecond}/s (burst ${limit.burst}) reached; retry in ${seconds}s`, undefined, {
        'retry-after': String(seconds),
      });
    }
  });
};

/** Not encapsulated: registered after the auth plugin, its hook limits every authenticated route beside it. */
export const rateLimitPlugin = fp(limitTenants, { name: 'keel-rate-limit', dependencies: ['keel-auth'] });
