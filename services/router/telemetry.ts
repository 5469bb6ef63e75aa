// Prometheus metrics of the router. Metrics register once per registry, so several routers in
// one process (tests) share them instead of failing on duplicate names.
import { Counter, Gauge, Histogram, register as globalRegistry, type Registry } from 'prom-client';
import type { BreakerState } from './routing/breaker';

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export type RouterTelemetry = ReturnType<typeof createRouterTelemetry>;

export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** Live per-deployment state read at scrape time (several routers may share one registry). */
export interface DeploymentGaugeSample {
  deployment: string;
  breaker: BreakerState;
  inFlight: number;
  engineQueue?: number;
}
type GaugeSource = () => DeploymentGaugeSample[];
const sourcesByRegistry = new WeakMap<Registry, Set<GaugeSource>>();

function liveGauge(registry: Registry, name: string, help: string, read: (s: DeploymentGaugeSample) => number | undefined) {
  const sources = sourcesByRegistry.get(registry)!;
  return once(registry, name, () => new Gauge({
    name, help, labelNames: ['deployment'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const src of sources) for (const s of src()) {
        const v = read(s);
        if (v !== undefined) this.set({ deployment: s.deployment }, v);
      }
    },
  }));
}

export function createRouterTelemetry(registry: Registry = globalRegistry) {
  const registers = [registry];
  if (!sourcesByRegistry.has(registry)) sourcesByRegistry.set(registry, new Set());
  const sources = sourcesByRegistry.get(registry)!;
  const requests = once(registry, 'keel_router_requests_total', () => new Counter({
    name: 'keel_router_requests_total', help: 'Model calls by deployment and outcome (ok or error kind)',
    labelNames: ['deployment', 'model', 'operation', 'outcome'] as const, registers,
  }));
  const latency = once(registry, 'keel_router_request_duration_seconds', () => new Histogram({
    name: 'keel_router_request_duration_seconds', help: 'Duration of a successful attempt per deployment',
    labelNames: ['deployment', 'operation'] as const, buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers,
  }));
  const ttft = once(registry, 'keel_router_time_to_first_token_seconds', () => new Histogram({
    name: 'keel_router_time_to_first_token_seconds', help: 'Time to first streamed token per deployment',
    labelNames: ['deployment'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers,
  }));
  const tokens = once(registry, 'keel_router_tokens_total', () => new Counter({
    name: 'keel_router_tokens_total', help: 'Tokens by deployment and direction',
    labelNames: ['deployment', 'direction'] as const, registers,
  }));
  const failovers = once(registry, 'keel_router_failovers_total', () => new Counter({
    name: 'keel_router_failovers_total', help: 'Attempts abandoned for another deployment, by the failed deployment and error kind',
    labelNames: ['deployment', 'kind'] as const, registers,
  }));
  const spillovers = once(registry, 'keel_router_spillovers_total', () => new Counter({
    name: 'keel_router_spillovers_total', help: 'Calls sent to on-demand capacity because primary capacity was saturated',
    labelNames: ['model', 'deployment'] as const, registers,
  }));
  const continuations = once(registry, 'keel_router_stream_continuations_total', () => new Counter({
    name: 'keel_router_stream_continuations_total', help: 'Streams continued on another deployment after tokens were sent',
    labelNames: ['deployment'] as const, registers,
  }));
  const shed = once(registry, 'keel_router_shed_total', () => new Counter({
    name: 'keel_router_shed_total', help: 'Batch calls shed under pressure, and calls refused by tenant limits',
    labelNames: ['model', 'reason'] as const, registers,
  }));
  liveGauge(registry, 'keel_router_breaker_state', 'Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open', (s) => BREAKER_STATE_VALUE[s.breaker]);
  liveGauge(registry, 'keel_router_in_flight', 'Calls in flight per deployment', (s) => s.inFlight);
  liveGauge(registry, 'keel_router_engine_queue', 'Requests waiting in the serving engine (vLLM /metrics), per deployment', (s) => s.engineQueue);
  return {
    registry, requests, latency, ttft, tokens, failovers, spillovers, continuations, shed,
    /** Registers a router's live state for the gauges; returns the unregister function. */
    addSource(src: GaugeSource): () => void {
      sources.add(src);
      return () => sources.delete(src);
    },
  };
}
