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
/** Routers' pending hot-path updates, replayed before any of the registry's router metrics is read. */
const pendingByRegistry = new WeakMap<Registry, Set<PendingMetrics>>();

function flushAll(registry: Registry) {
  for (const p of pendingByRegistry.get(registry) ?? []) p.flush();
}

/** Replays this many pending entries at once at the latest, so memory stays bounded between scrapes. */
const FLUSH_AT = 4096;

/**
 * The success path's metric updates (request counted, latency, time to first token, tokens),
 * recorded as plain values and replayed into prom-client when the registry is read. prom-client
 * hashes the labels of every update, several µs per call on the request path; replayed in a
 * batch at scrape time it costs a fraction of that and nothing on the call's latency.
 */
export class PendingMetrics {
  /** deployment, model, operation, seconds per entry */
  private ok: Array<string | number> = [];
  /** deployment, seconds */
  private ttfts: Array<string | number> = [];
  /** deployment, input tokens, output tokens (-1: none counted) */
  private tokenCounts: Array<string | number> = [];

  constructor(private readonly t: {
    requests: Counter<'deployment' | 'model' | 'operation' | 'outcome'>;
    latency: Histogram<'deployment' | 'operation'>;
    ttft: Histogram<'deployment'>;
    tokens: Counter<'deployment' | 'direction'>;
  }) {}

  success(deployment: string, model: string, operation: string, seconds: number): void {
    if (this.ok.push(deployment, model, operation, seconds) >= FLUSH_AT) this.flush();
  }

  ttft(deployment: string, seconds: number): void {
    if (this.ttfts.push(deployment, seconds) >= FLUSH_AT) this.flush();
  }

  tokens(deployment: string, input: number, output = -1): void {
    if (this.tokenCounts.push(deployment, input, output) >= FLUSH_AT) this.flush();
  }

  flush(): void {
    const { requests, latency, ttft, tokens } = this.t;
    const ok = this.ok;
    const ttfts = this.ttfts;
    const tok = this.tokenCounts;
    this.ok = [];
    this.ttfts = [];
    this.tokenCounts = [];
    for (let i = 0; i < ok.length; i += 4) {
      const deployment = ok[i] as string;
      const operation = ok[i + 2] as string;
      requests.inc({ deployment, model: ok[i + 1] as string, operation, outcome: 'ok' });
      latency.observe({ deployment, operation }, ok[i + 3] as number);
    }
    for (let i = 0; i < ttfts.length; i += 2) ttft.observe({ deployment: ttfts[i] as string }, ttfts[i + 1] as number);
    for (let i = 0; i < tok.length; i += 3) {
      const deployment = tok[i] as string;
      tokens.inc({ deployment, direction: 'input' }, tok[i + 1] as number);
      if ((tok[i + 2] as number) >= 0) tokens.inc({ deployment, direction: 'output' }, tok[i + 2] as number);
    }
  }
}

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
  if (!pendingByRegistry.has(registry)) pendingByRegistry.set(registry, new Set());
  const sources = sourcesByRegistry.get(registry)!;
  const pendings = pendingByRegistry.get(registry)!;
  const collect = () => flushAll(registry);
  const requests = once(registry, 'keel_router_requests_total', () => new Counter({
    name: 'keel_router_requests_total', help: 'Model calls by deployment and outcome (ok or error kind)',
    labelNames: ['deployment', 'model', 'operation', 'outcome'] as const, registers, collect,
  }));
  const latency = once(registry, 'keel_router_request_duration_seconds', () => new Histogram({
    name: 'keel_router_request_duration_seconds', help: 'Duration of a successful attempt per deployment',
    labelNames: ['deployment', 'operation'] as const, buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers, collect,
  }));
  const ttft = once(registry, 'keel_router_time_to_first_token_seconds', () => new Histogram({
    name: 'keel_router_time_to_first_token_seconds', help: 'Time to first streamed token per deployment',
    labelNames: ['deployment'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers, collect,
  }));
  const tokens = once(registry, 'keel_router_tokens_total', () => new Counter({
    name: 'keel_router_tokens_total', help: 'Tokens by deployment and direction',
    labelNames: ['deployment', 'direction'] as const, registers, collect,
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
  const pending = new PendingMetrics({ requests, latency, ttft, tokens });
  pendings.add(pending);
  return {
    registry, requests, latency, ttft, tokens, failovers, spillovers, continuations, shed,
    /** Hot-path updates, replayed into the metrics above when the registry is read. */
    pending,
    /** Replays what is pending and stops this router's entry (on close). */
    detachPending(): void {
      pending.flush();
      pendings.delete(pending);
    },
    /** Registers a router's live state for the gauges; returns the unregister function. */
    addSource(src: GaugeSource): () => void {
      sources.add(src);
      return () => sources.delete(src);
    },
  };
}
