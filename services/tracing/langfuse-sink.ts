// Langfuse export: @langfuse/otel's LangfuseSpanProcessor on a private OpenTelemetry v2
// BasicTracerProvider. The provider is never registered globally (Temporal's interceptors use
// OTel v1 and own the global one) and spans start from ROOT_CONTEXT, so no ambient context
// leaks in. Span ids are the deterministic observation ids, so a re-recorded observation
// upserts the same Langfuse observation.
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { LangfuseOtelSpanAttributes } from '@langfuse/tracing';
import { ROOT_CONTEXT, TraceFlags, trace as otelTrace, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, RandomIdGenerator, type IdGenerator, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { LangfuseConfig } from './config';
import { observationAttributes } from './otel-attributes';
import { rootObservationId, type Observation, type Trace } from './types';

/** Langfuse's own tracer name; spans under it are what LangfuseSpanProcessor expects. */
const TRACER_NAME = 'langfuse-sdk';
const CACHED_TRACES = 2_000;

export interface ExportCounters {
  exportedSpans: number;
  exportFailures: number;
  /** Spans never handed to the exporter because its backlog was full (Langfuse slow or down). */
  exportDropped: number;
}

/**
 * OTel's BatchSpanProcessor silently drops spans past 2048 queued; we keep fewer than that in
 * flight and hold the rest in a bounded backlog we count drops from.
 */
const MAX_IN_FLIGHT_SPANS = 1500;

/** Hands out the ids chosen for the span being started, random ids otherwise. */
class ChosenIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  next: { traceId: string; spanId: string } | undefined;
  generateTraceId(): string {
    return this.next?.traceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    return this.next?.spanId ?? this.random.generateSpanId();
  }
}

/** Counts export outcomes; OTLP failures are otherwise only visible through OTel diag logs. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counters: ExportCounters,
    private readonly settled: (spanCount: number) => void,
  ) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counters.exportedSpans += spans.length;
      else this.counters.exportFailures += 1;
      done(result);
      this.settled(spans.length);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function langfuseAuthHeader(publicKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;
}

export class LangfuseSink {
  readonly counters: ExportCounters = { exportedSpans: 0, exportFailures: 0, exportDropped: 0 };
  private inFlight = 0;
  private readonly backlog: Array<{ obs: Observation; trace: Trace | undefined }> = [];
  private readonly ids = new ChosenIdGenerator();
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  /** Trace attributes by trace id, copied onto every span of the trace recorded here. */
  private readonly traces = new Map<string, Trace>();

  constructor(
    config: LangfuseConfig & { publicKey: string; secretKey: string },
    private readonly maxBacklog = 10_000,
    private readonly maxInFlight = MAX_IN_FLIGHT_SPANS,
  ) {
    const exporter = new OTLPTraceExporter({
      url: `${config.baseUrl}/api/public/otel/v1/traces`,
      headers: {
        Authorization: langfuseAuthHeader(config.publicKey, config.secretKey),
        'x-langfuse-public-key': config.publicKey,
        'x-langfuse-sdk-name': 'javascript',
      },
      timeoutMillis: config.timeoutSeconds * 1000,
    });
    const processor = new LangfuseSpanProcessor({
      exporter: new CountingExporter(exporter, this.counters, (n) => {
        this.inFlight = Math.max(0, this.inFlight - n);
        this.pump();
      }),
      flushAt: config.flushAt,
      flushInterval: config.flushIntervalSeconds,
      mediaUploadEnabled: false,
      // Every span of this private provider is a Langfuse observation.
      shouldExportSpan: () => true,
    });
    this.provider = new BasicTracerProvider({ idGenerator: this.ids, spanProcessors: [processor] });
    this.tracer = this.provider.getTracer(TRACER_NAME);
  }

  recordTrace(trace: Trace, root: Observation): void {
    this.traces.delete(trace.id);
    this.traces.set(trace.id, trace);
    if (this.traces.size > CACHED_TRACES) this.traces.delete(this.traces.keys().next().value as string);
    this.submit(root, trace);
  }

  recordObservation(obs: Observation): void {
    this.submit(obs, this.traces.get(obs.traceId));
  }

  private submit(obs: Observation, trace: Trace | undefined): void {
    if (this.inFlight < this.maxInFlight && this.backlog.length === 0) return this.emit(obs, trace);
    if (this.backlog.length >= this.maxBacklog) {
      this.counters.exportDropped += 1;
      return;
    }
    this.backlog.push({ obs, trace });
  }

  private pump(): void {
    while (this.backlog.length > 0 && this.inFlight < this.maxInFlight) {
      const next = this.backlog.shift()!;
      try {
        this.emit(next.obs, next.trace);
      } catch {
        this.counters.exportDropped += 1;
      }
    }
  }

  private emit(obs: Observation, trace: Trace | undefined): void {
    const rootId = rootObservationId(obs.traceId);
    const isRoot = obs.id === rootId;
    const parentId = isRoot ? undefined : (obs.parentId ?? rootId);
    const parentContext = parentId
      ? otelTrace.setSpanContext(ROOT_CONTEXT, { traceId: obs.traceId, spanId: parentId, traceFlags: TraceFlags.SAMPLED, isRemote: true })
      : ROOT_CONTEXT;
    this.ids.next = { traceId: obs.traceId, spanId: obs.id };
    let span;
    try {
      span = this.tracer.startSpan(obs.name, { startTime: new Date(obs.startTime) }, parentContext);
    } finally {
      this.ids.next = undefined;
    }
    // Set after start: the processor's onStart stamps its own defaults, ours must win.
    span.setAttributes(observationAttributes(obs, trace, isRoot));
    // The processor marks spans whose parent it did not see as app roots; our children's parents
    // are synthetic remote contexts, so say explicitly which span is the run's root.
    span.setAttribute(LangfuseOtelSpanAttributes.IS_APP_ROOT, isRoot);
    // A span without an end (a run still going) is sent with zero length; the later record
    // with the same id replaces it in Langfuse.
    span.end(new Date(obs.endTime ?? obs.startTime));
    this.inFlight += 1;
  }

  async flush(): Promise<void> {
    do {
      this.pump();
      await this.provider.forceFlush();
    } while (this.backlog.length > 0);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
