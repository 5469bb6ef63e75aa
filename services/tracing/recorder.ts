// TraceRecorder: the one object activities and the worker use to record traces. `record*`
// only pushes onto a bounded in-memory queue and returns; a background drain validates, masks
// and hands records to the sinks (Langfuse export, local store). Nothing here throws into a
// run: bad records, full queues and sink failures are counted in `stats()`.
import { isAbsolute, join } from 'node:path';
import { langfuseConfigured, maskingModeFor, TracingConfigSchema, type TracingConfig, type TracingConfigInput } from './config';
import { LangfuseSink } from './langfuse-sink';
import { LocalTraceStore } from './local-store';
import { environmentSecrets, normaliseSecrets } from './mask';
import { maskObservation, maskTrace } from './mask-records';
import {
  ObservationSchema,
  TraceSchema,
  rootObservationId,
  rootObservationOf,
  type Observation,
  type ObservationInput,
  type Trace,
  type TraceInput,
} from './types';

export interface RecorderStats {
  /** Records accepted onto the queue. */
  enqueued: number;
  /** Records refused because the queue was full or the recorder shut down. */
  dropped: number;
  /** Records that failed schema validation. */
  invalid: number;
  /** Records handed to every enabled sink. */
  processed: number;
  /** Sink failures (local write, span creation); the record may be partly stored. */
  sinkErrors: number;
  /** Spans Langfuse's endpoint accepted / OTLP requests that failed after retries. */
  exportedSpans: number;
  exportFailures: number;
  /** Observations not exported because the export backlog was full; still in the local store. */
  exportDropped: number;
  queueDepth: number;
  lastError?: string;
}

export interface TraceRecorder {
  /** True when spans are exported to Langfuse. */
  readonly exportsToLangfuse: boolean;
  /** The local store when enabled (also the reader for `readTrace(…, { from: 'local' })`). */
  readonly localStore: LocalTraceStore | undefined;
  /** Upserts the trace (by id) and its root agent observation. Call at run start and end. A trace without an environment gets the configured one. */
  recordTrace(trace: TraceInput): void;
  /** Upserts one observation by id. `tenantId` picks the masking mode when the trace was recorded elsewhere. */
  recordObservation(obs: ObservationInput, opts?: { tenantId?: string }): void;
  /** Work that will record something later (e.g. a store lookup first); `flush` waits for it. */
  track(work: Promise<unknown>): void;
  /** Resolves when everything recorded so far is stored and exported (or failed). Never rejects. */
  flush(): Promise<void>;
  /** Flushes, then releases the exporter and the store. Later records are dropped. */
  shutdown(): Promise<void>;
  stats(): RecorderStats;
}

export interface RecorderOptions {
  /** Base for a relative `localStore.path`; the platform passes the `.keel` data dir. */
  dataDir?: string;
  /**
   * Credential values to remove from everything recorded (e.g. resolved MCP secret refs), on top
   * of the values of credential-named environment variables, which are always included.
   */
  secrets?: Iterable<string>;
  /** Called for each swallowed error (e.g. to log it); must not throw. */
  onError?: (err: unknown, where: string) => void;
}

type QueueItem = { kind: 'trace'; value: TraceInput } | { kind: 'observation'; value: ObservationInput; tenantId?: string };

// Small slices keep the event loop responsive (a record costs ~0.1–0.5 ms to mask and store).
const DRAIN_BATCH = 100;
const CACHED_TENANTS = 10_000;

export function createTraceRecorder(configInput: TracingConfigInput | TracingConfig = {}, options: RecorderOptions = {}): TraceRecorder {
  return new QueuedTraceRecorder(TracingConfigSchema.parse(configInput), options);
}

class QueuedTraceRecorder implements TraceRecorder {
  readonly localStore: LocalTraceStore | undefined;
  private readonly langfuse: LangfuseSink | undefined;
  private readonly queue: QueueItem[] = [];
  private readonly tenantByTrace = new Map<string, string>();
  private readonly counts = { enqueued: 0, dropped: 0, invalid: 0, processed: 0, sinkErrors: 0 };
  private lastError: string | undefined;
  private readonly secrets: string[];
  private draining: Promise<void> | undefined;
  private readonly pendingWork = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly config: TracingConfig,
    private readonly options: RecorderOptions,
  ) {
    this.secrets = normaliseSecrets([...environmentSecrets(), ...(options.secrets ?? [])]);
    if (config.enabled && config.localStore.enabled) {
      const path = isAbsolute(config.localStore.path) || config.localStore.path === ':memory:'
        ? config.localStore.path
        : join(options.dataDir ?? '.keel', config.localStore.path);
      this.localStore = this.guard('open local store', () => new LocalTraceStore(path));
    }
    if (langfuseConfigured(config)) {
      const { publicKey, secretKey } = config.langfuse;
      this.langfuse = this.guard('start langfuse export', () => new LangfuseSink({ ...config.langfuse, publicKey: publicKey!, secretKey: secretKey! }, config.queueSize));
    }
  }

  get exportsToLangfuse(): boolean {
    return this.langfuse !== undefined;
  }

  recordTrace(trace: TraceInput): void {
    this.enqueue({ kind: 'trace', value: trace });
  }

  recordObservation(obs: ObservationInput, opts: { tenantId?: string } = {}): void {
    this.enqueue({ kind: 'observation', value: obs, tenantId: opts.tenantId });
  }

  private enqueue(item: QueueItem): void {
    if (this.closed || !this.config.enabled || this.queue.length >= this.config.queueSize) {
      this.counts.dropped += 1;
      return;
    }
    this.queue.push(item);
    this.counts.enqueued += 1;
    if (!this.draining) this.draining = this.drainSoon();
  }

  private async drainSoon(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.processBatch(this.queue.splice(0, DRAIN_BATCH));
      }
    } finally {
      this.draining = undefined;
    }
  }

  private processBatch(items: QueueItem[]): void {
    const localTraces: Trace[] = [];
    const localObservations: Observation[] = [];
    for (const item of items) {
      const parsed =
        item.kind === 'trace'
          ? TraceSchema.safeParse({ ...item.value, environment: item.value.environment ?? this.config.environment })
          : ObservationSchema.safeParse(item.value);
      if (!parsed.success) {
        this.counts.invalid += 1;
        this.noteError(parsed.error, `invalid ${item.kind}`);
        continue;
      }
      const ok = this.guard(`record ${item.kind}`, () => {
        if (item.kind === 'trace') this.processTrace(parsed.data as Trace, localTraces, localObservations);
        else this.processObservation(parsed.data as Observation, item.tenantId, localObservations);
        return true;
      });
      if (ok) this.counts.processed += 1;
    }
    if (this.localStore && (localTraces.length > 0 || localObservations.length > 0)) {
      this.guard('write local store', () => this.localStore!.writeBatch(localTraces, localObservations));
    }
  }

  private processTrace(trace: Trace, localTraces: Trace[], localObservations: Observation[]): void {
    this.rememberTenant(trace.id, trace.tenantId);
    const exportMode = maskingModeFor(this.config, trace.tenantId);
    if (this.langfuse) {
      const masked = maskTrace(trace, exportMode, this.config.masking.hashSalt, this.secrets);
      this.langfuse.recordTrace(masked, rootObservationOf(masked));
    }
    if (this.localStore) {
      const local = maskTrace(trace, this.localMode(exportMode), this.config.masking.hashSalt, this.secrets);
      localTraces.push(local);
      localObservations.push(rootObservationOf(local));
    }
  }

  private processObservation(parsed: Observation, tenantId: string | undefined, localObservations: Observation[]): void {
    const rootId = rootObservationId(parsed.traceId);
    const obs = parsed.id !== rootId && !parsed.parentId ? { ...parsed, parentId: rootId } : parsed;
    const exportMode = maskingModeFor(this.config, tenantId ?? this.tenantByTrace.get(obs.traceId));
    if (this.langfuse) this.langfuse.recordObservation(maskObservation(obs, exportMode, this.config.masking.hashSalt, this.secrets));
    if (this.localStore) localObservations.push(maskObservation(obs, this.localMode(exportMode), this.config.masking.hashSalt, this.secrets));
  }

  private localMode(exportMode: ReturnType<typeof maskingModeFor>) {
    return this.config.localStore.masking === 'same-as-export' ? exportMode : 'off';
  }

  private rememberTenant(traceId: string, tenantId: string): void {
    this.tenantByTrace.delete(traceId);
    this.tenantByTrace.set(traceId, tenantId);
    if (this.tenantByTrace.size > CACHED_TENANTS) this.tenantByTrace.delete(this.tenantByTrace.keys().next().value as string);
  }

  track(work: Promise<unknown>): void {
    const settled = work.catch((err) => this.noteError(err, 'tracked work')).finally(() => this.pendingWork.delete(settled));
    this.pendingWork.add(settled);
  }

  async flush(): Promise<void> {
    while (this.pendingWork.size > 0) await Promise.all([...this.pendingWork]);
    while (this.draining) await this.draining;
    if (this.langfuse) {
      try {
        await this.langfuse.flush();
      } catch (err) {
        this.noteError(err, 'flush langfuse export');
      }
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.langfuse) {
      try {
        await this.langfuse.shutdown();
      } catch (err) {
        this.noteError(err, 'shut down langfuse export');
      }
    }
    this.guard('close local store', () => this.localStore?.close());
  }

  stats(): RecorderStats {
    return {
      ...this.counts,
      exportedSpans: this.langfuse?.counters.exportedSpans ?? 0,
      exportFailures: this.langfuse?.counters.exportFailures ?? 0,
      exportDropped: this.langfuse?.counters.exportDropped ?? 0,
      queueDepth: this.queue.length,
      lastError: this.lastError,
    };
  }

  private guard<T>(where: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.counts.sinkErrors += 1;
      this.noteError(err, where);
      return undefined;
    }
  }

  private noteError(err: unknown, where: string): void {
    this.lastError = `${where}: ${err instanceof Error ? err.message : String(err)}`;
    try {
      this.options.onError?.(err, where);
    } catch {
      // A failing error hook must not fail the drain either.
    }
  }
}
