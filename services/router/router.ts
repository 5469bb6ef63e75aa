// The router: every model call (chat, stream, embed, rerank) is planned over the logical
// model's deployments and fallbacks, admitted by tenant limits and priority, and failed over
// inside one deadline. Streams live in `stream.ts`; this file holds the shared machinery.
import type { Registry } from 'prom-client';
import { RouterConfigSchema, type Capability, type Deployment, type RouterConfig, type RouterConfigInput } from './config';
import { RouterError } from './errors';
import { ERROR_KINDS } from './policy';
import { capabilitiesOf, createProvider } from './providers';
import type { CallContext, Provider, ProviderFactory } from './providers/types';
import { AttemptContext, AttemptRun, type AttemptHooks } from './routing/attempts';
import { CircuitBreaker } from './routing/breaker';
import { TenantLimiter, type UsageCounterStore } from './routing/limits';
import { estimateRequestTokens, planTiers, type Tier } from './routing/plan';
import { chatNeeds, embedNeeds, tiersSupporting } from './routing/capabilities';
import { assertStructuredOutput } from './routing/structured-output';
import { DeploymentPool, type DeploymentRuntime } from './routing/pool';
import { createRouterTelemetry, type RouterTelemetry } from './telemetry';
import { ChatStreamRun, type StreamRouting } from './stream';
import { ChatStreamQueue } from './stream-queue';
import { probeOpenAIDeployment } from './serving-probe';
import type {
  DeploymentProbe,
  ChatRequest, ChatResponse, ChatStreamControl, ChatStreamEvent, ChatStreamSink, DeploymentHealth, EmbedRequest, EmbedResponse, ModelRouter,
  RerankRequest, RerankResponse, RouteOptions, ServedBy, Usage,
} from './types';

export interface RouterOptions {
  /** prom-client registry for router metrics (default: prom-client's global registry). */
  registry?: Registry;
  /** Replaces the in-memory tenant usage counters (e.g. a SQL-backed store). */
  usageStore?: UsageCounterStore;
  /** Builds the provider client of a deployment (tests may wrap it). */
  providerFactory?: ProviderFactory;
  random?: () => number;
  now?: () => number;
}

/** A provider call made by `runUnary`; module-level functions, so a call creates no closure. */
type UnaryCall<R, T> = (provider: Provider, request: R, ctx: CallContext) => Promise<T>;
const callChat: UnaryCall<ChatRequest, Awaited<ReturnType<Provider['chat']>>> = (p, r, ctx) =>
  (r.responseFormat ? p.chat(r, ctx).then((res) => assertStructuredOutput(r, res)) : p.chat(r, ctx));
const callEmbed: UnaryCall<EmbedRequest, Awaited<ReturnType<Provider['embed']>>> = (p, r, ctx) => p.embed(r, ctx);
const callRerank: UnaryCall<RerankRequest, Awaited<ReturnType<Provider['rerank']>>> = (p, r, ctx) => p.rerank(r, ctx);

export class Router implements ModelRouter, StreamRouting {
  readonly cfg: RouterConfig;
  readonly runtimes = new Map<string, DeploymentRuntime>();
  readonly pool: DeploymentPool;
  readonly limiter: TenantLimiter;
  readonly telemetry: RouterTelemetry;
  readonly random: () => number;
  private readonly scrapeTimer?: NodeJS.Timeout;
  private readonly scrapeAbort = new AbortController();
  private readonly removeGaugeSource: () => void;

  constructor(config: RouterConfigInput | RouterConfig, opts: RouterOptions = {}) {
    this.cfg = RouterConfigSchema.parse(config);
    this.random = opts.random ?? Math.random;
    this.telemetry = createRouterTelemetry(opts.registry);
    this.pool = new DeploymentPool(this.cfg.priority, this.random);
    this.limiter = new TenantLimiter(this.cfg.limits, opts.usageStore, opts.now);
    const factory = opts.providerFactory ?? createProvider;
    for (const dep of this.cfg.deployments) {
      if (this.runtimes.has(dep.id)) throw new RouterError('validation', `duplicate deployment id '${dep.id}'`);
      const breaker = new CircuitBreaker(this.cfg.breaker, opts.now);
      this.runtimes.set(dep.id, { dep, provider: factory(dep), caps: capabilitiesOf(dep), breaker, inFlight: 0 });
    }
    for (const [name, lm] of Object.entries(this.cfg.models)) {
      for (const id of lm.deployments)
        if (!this.runtimes.has(id)) throw new RouterError('validation', `model '${name}' names unknown deployment '${id}'`);
      for (const f of [...lm.fallbacks, ...lm.contextFallbacks])
        if (!this.cfg.models[f] && !this.runtimes.has(f)) throw new RouterError('validation', `model '${name}' falls back to unknown model '${f}'`);
    }
    this.removeGaugeSource = this.telemetry.addSource(() => [...this.runtimes.values()].map((rt) => ({
      deployment: rt.dep.id, breaker: rt.breaker.current(), inFlight: rt.inFlight, engineQueue: rt.load?.waiting,
    })));
    if ([...this.runtimes.values()].some((r) => r.provider.scrapeLoad && r.dep.scrapeMetrics)) {
      this.scrapeTimer = setInterval(() => void this.scrapeLoads(), this.cfg.loadScrapeIntervalMs);
      this.scrapeTimer.unref();
      void this.scrapeLoads();
    }
  }

  /** Refreshes engine load (vLLM /metrics) of every deployment that exposes it. */
  async scrapeLoads(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map(async (rt) => {
      if (!rt.provider.scrapeLoad || !rt.dep.scrapeMetrics) return;
      try {
        rt.load = await rt.provider.scrapeLoad(AbortSignal.any([this.scrapeAbort.signal, AbortSignal.timeout(1_000)]));
      } catch {
        rt.load = undefined;
      }
    }));
    this.pool.pump();
  }

  servedBy(model: string, rt: DeploymentRuntime): ServedBy {
    return { logicalModel: model, deployment: rt.dep.id, provider: rt.dep.provider, providerModel: rt.dep.model };
  }

  cost(dep: Deployment, u: Usage): number {
    return (u.inputTokens / 1000) * dep.costPer1kInput + (u.outputTokens / 1000) * dep.costPer1kOutput;
  }

  private readonly plans = new Map<string, { tiers: Tier[]; minWindow: number }>();

  /** Tiers for a call; the unfiltered plan is cached and reused whenever the prompt fits everywhere. */
  plan(model: string, needTokens?: number): Tier[] {
    let cached = this.plans.get(model);
    if (!cached) {
      const tiers = planTiers(this.cfg, this.runtimes, model);
      const minWindow = Math.min(...tiers.flatMap((t) => t.deployments.map((d) => d.dep.contextWindow)));
      cached = { tiers, minWindow };
      this.plans.set(model, cached);
    }
    return needTokens === undefined || needTokens <= cached.minWindow ? cached.tiers : planTiers(this.cfg, this.runtimes, model, needTokens);
  }

  /** Shared by every run (one object, not two closures per call). */
  private readonly attemptHooks: AttemptHooks = {
    onFailover: (rt, e) => this.telemetry.failovers.inc({ deployment: rt.dep.id, kind: e.kind }),
    onSpillover: (m, rt) => this.telemetry.spillovers.inc({ model: m, deployment: rt.dep.id }),
  };

  /** The capabilities a chat request needs (throws for content over the media limits). */
  chatNeeds(request: ChatRequest): Capability[] {
    return chatNeeds(request, this.cfg.media);
  }

  startRun(model: string, options: RouteOptions, needTokens?: number, needs: readonly Capability[] = []): AttemptRun {
    const tiers = tiersSupporting(this.plan(model, needTokens), needs, (rt) => rt.caps);
    return new AttemptRun(this.cfg, this.pool, tiers, model, options.priority ?? 'interactive', this.attemptHooks,
      options.timeoutMs ?? this.cfg.retry.deadlineMs, options.signal, this.random);
  }

  /** Tenant limits; resolves synchronously (undefined) when none apply, so the hot path skips an await. */
  admit(model: string, options: RouteOptions): Promise<void> | undefined {
    if (!this.limiter.enforces(options.tenantId)) return undefined;
    return this.admitLimited(model, options);
  }

  /** Records tokens against the tenant's limits; undefined when none apply. */
  record(tenantId: string, tokens: number): Promise<void> | undefined {
    return tokens && this.limiter.enforces(tenantId) ? this.limiter.record(tenantId, tokens) : undefined;
  }

  private async admitLimited(model: string, options: RouteOptions): Promise<void> {
    try {
      await this.limiter.admit(options.tenantId);
    } catch (e) {
      this.telemetry.shed.inc({ model, reason: 'tenant_limit' });
      throw e;
    }
  }

  /** Marks the end of an attempt on `rt` for breaker, slots and metrics. */
  settle(rt: DeploymentRuntime, model: string, operation: string, outcome: 'ok' | RouterError | 'neutral', startedAt: number) {
    this.pool.release(rt);
    const dep = rt.dep.id;
    if (outcome === 'ok') {
      rt.breaker.success();
      this.telemetry.pending.success(dep, model, operation, (performance.now() - startedAt) / 1000);
    } else if (outcome === 'neutral') {
      rt.breaker.neutral();
    } else {
      if (ERROR_KINDS[outcome.kind].breaker) rt.breaker.failure(outcome.message);
      else rt.breaker.neutral();
      this.telemetry.requests.inc({ deployment: dep, model, operation, outcome: outcome.kind });
    }
  }

  /** Failover loop for calls answered in one piece (chat, embed, rerank). */
  async runUnary<R, T>(model: string, operation: string, options: RouteOptions, needTokens: number | undefined,
    call: UnaryCall<R, T>, request: R, needs: readonly Capability[] = []): Promise<{ value: T; rt: DeploymentRuntime; run: AttemptRun; servedBy: ServedBy }> {
    const admitting = this.admit(model, options);
    if (admitting) await admitting;
    const run = this.startRun(model, options, needTokens, needs);
    try {
      for (;;) {
        const { rt, logicalModel } = run.tryFirst() ?? (await run.next());
        const att = run.attemptSignal(rt.dep.timeoutMs);
        const t0 = performance.now();
        try {
          const value = await call(rt.provider, request, new AttemptContext(att, options.traceId));
          this.settle(rt, model, operation, 'ok', t0);
          return { value, rt, run, servedBy: this.servedBy(logicalModel, rt) };
        } catch (err) {
          const timedOut = att.timedOut();
          let e: RouterError;
          try {
            e = run.fail(rt, timedOut ? new RouterError('timeout', `${rt.dep.id} did not answer within ${rt.dep.timeoutMs} ms`, { deployment: rt.dep.id }) : err);
          } catch (final) {
            this.settle(rt, model, operation, final instanceof RouterError ? final : 'neutral', t0);
            throw final;
          }
          this.settle(rt, model, operation, e, t0);
        } finally {
          att.done();
        }
      }
    } finally {
      run.dispose();
    }
  }

  async chat(request: ChatRequest, options: RouteOptions): Promise<ChatResponse> {
    const needs = this.chatNeeds(request);
    const { value, rt, run, servedBy } = await this.runUnary(request.model, 'chat', options, estimateRequestTokens(request), callChat, request, needs);
    this.countTokens(rt, value.usage);
    const recording = this.record(options.tenantId, value.usage.totalTokens);
    if (recording) await recording;
    return {
      ...value,
      servedBy,
      costUsd: this.cost(rt.dep, value.usage),
      latencyMs: run.elapsedMs(),
      failovers: run.failovers,
    };
  }

  chatStream(request: ChatRequest, options: RouteOptions): AsyncIterable<ChatStreamEvent> {
    return new ChatStreamQueue(this, request, options);
  }

  chatStreamTo(request: ChatRequest, options: RouteOptions, sink: ChatStreamSink): ChatStreamControl {
    const run = new ChatStreamRun(this, request, options, sink);
    run.start();
    return run;
  }

  async embed(request: EmbedRequest, options: RouteOptions): Promise<EmbedResponse> {
    const { value, rt, servedBy } = await this.runUnary(request.model, 'embed', options, undefined, callEmbed, request, embedNeeds(request));
    this.telemetry.pending.tokens(rt.dep.id, value.inputTokens);
    const recording = this.record(options.tenantId, value.inputTokens);
    if (recording) await recording;
    return { vectors: value.vectors, usage: { inputTokens: value.inputTokens }, servedBy };
  }

  async rerank(request: RerankRequest, options: RouteOptions): Promise<RerankResponse> {
    if (!request.documents.length) throw new RouterError('validation', 'rerank needs at least one document');
    const { value, servedBy } = await this.runUnary(request.model, 'rerank', options, undefined, callRerank, request);
    const results = [...value].sort((a, b) => b.score - a.score).slice(0, request.topN ?? value.length);
    return { results, servedBy };
  }

  countTokens(rt: DeploymentRuntime, u: Usage) {
    this.telemetry.pending.tokens(rt.dep.id, u.inputTokens, u.outputTokens);
  }

  /** The context window every deployment of `model` offers (the smallest), or undefined for a model it does not route. */
  contextWindow(model: string): number | undefined {
    try {
      this.plan(model);
    } catch {
      return undefined;
    }
    const window = this.plans.get(model)?.minWindow;
    return window !== undefined && Number.isFinite(window) ? window : undefined;
  }

  listModels() {
    const names = new Set(Object.keys(this.cfg.models));
    return [...names].map((id) => ({ id, deployments: this.cfg.models[id].deployments.length }));
  }

  health(): DeploymentHealth[] {
    return [...this.runtimes.values()].map((rt) => {
      const b = rt.breaker.snapshot();
      return {
        deployment: rt.dep.id, provider: rt.dep.provider, model: rt.dep.model, capacity: rt.dep.capacity,
        breaker: b.state, consecutiveFailures: b.consecutiveFailures, windowCalls: b.windowCalls, windowFailures: b.windowFailures,
        lastError: b.lastError, inFlight: rt.inFlight, maxConcurrency: rt.dep.maxConcurrency,
        engineQueue: rt.load?.waiting,
      };
    });
  }

  /**
   * Asks every deployment's server at once whether it is up and serves its model (OpenAI-compatible:
   * GET /v1/models, else the provider's health probe); undefined where the provider has no probe.
   */
  async probe(timeoutMs = 2_000): Promise<DeploymentProbe[]> {
    return Promise.all([...this.runtimes.values()].map(async (rt): Promise<DeploymentProbe> => {
      const signal = AbortSignal.timeout(timeoutMs);
      const health = rt.provider.health?.bind(rt.provider);
      if (rt.dep.provider === 'openai') return probeOpenAIDeployment(rt.dep, signal, health);
      return { deployment: rt.dep.id, reachable: health ? await health(signal) : undefined };
    }));
  }

  async close(): Promise<void> {
    this.removeGaugeSource();
    this.telemetry.detachPending();
    if (this.scrapeTimer) clearInterval(this.scrapeTimer);
    this.scrapeAbort.abort();
    await Promise.all([...this.runtimes.values()].map((rt) => rt.provider.close().catch(() => undefined)));
  }
}
