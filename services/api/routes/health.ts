// Probes for orchestrators, outside /v1 and unauthenticated: `/livez` (the process answers; no
// dependency is asked, so a database outage never restarts the API) and `/readyz` (every dependency
// a request needs answers within a short timeout; 503 names the ones that did not). An advisory
// check (the models) is reported but never makes the process unready: during a model outage runs
// are still accepted and wait for a model, so taking the API out of rotation would only turn the
// outage into a total one. The bodies hold check names and outcomes only: why a check failed goes
// to the log, never to the caller.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

export interface ReadinessCheck {
  /** e.g. `store`, `temporal`, `vector`, `blobs`, `models`, `bus`. */
  name: string;
  /** Resolves when the dependency answers; rejects (or outlasts the timeout) when it does not. */
  check(): Promise<unknown>;
  /** Reported (and `degraded` set) when it fails, without making the process unready. */
  advisory?: boolean;
}

export const READINESS_TIMEOUT_MS = 2_000;

const Outcome = z.enum(['ok', 'failed', 'timeout']);
const Readiness = z.object({
  ready: z.boolean(),
  /** An advisory check failed: the process serves, some work waits (e.g. no model answers). */
  degraded: z.boolean(),
  checks: z.record(z.string(), Outcome),
});

async function probe(check: ReadinessCheck, timeoutMs: number): Promise<{ outcome: z.infer<typeof Outcome>; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([check.check().then(() => 'ok' as const), timeout]);
    return { outcome: result };
  } catch (error) {
    return { outcome: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthRouteOptions {
  checks: readonly ReadinessCheck[];
  timeoutMs?: number;
  /** The /readyz summary in the OpenAPI document: what this process checks. */
  summary?: string;
}

const API_READINESS =
  'Readiness: the store, Temporal, the vector store, the blob store and the stream bus (when it is a broker) answer, each within 2 s; ' +
  'a healthy model deployment is reported too, as advisory (degraded, still ready)';

export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { checks, timeoutMs = READINESS_TIMEOUT_MS, summary = API_READINESS }) => {
  app.get('/livez', {
    schema: { operationId: 'getLiveness', summary: 'Liveness: the process answers (asks no dependency)', tags: ['meta'], response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async () => ({ ok: true as const }));

  app.get('/readyz', {
    schema: {
      operationId: 'getReadiness',
      summary,
      tags: ['meta'],
      response: { 200: Readiness.describe('Every required check passed'), 503: Readiness.describe('The checks that failed or timed out') },
    },
  }, async (request, reply) => {
    const results = await Promise.all(checks.map(async (c) => ({ name: c.name, ...(await probe(c, timeoutMs)) })));
    for (const r of results) if (r.outcome !== 'ok') request.log.warn({ check: r.name, outcome: r.outcome, err: r.error }, 'readiness check failed');
    const advisory = new Set(checks.filter((c) => c.advisory).map((c) => c.name));
    const ready = results.every((r) => r.outcome === 'ok' || advisory.has(r.name));
    const degraded = results.some((r) => r.outcome !== 'ok' && advisory.has(r.name));
    return reply.status(ready ? 200 : 503).send({ ready, degraded, checks: Object.fromEntries(results.map((r) => [r.name, r.outcome])) });
  });
};
