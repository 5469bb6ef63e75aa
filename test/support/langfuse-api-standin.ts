// A stand-in for Langfuse's public API serving recorded traces: `GET /api/public/traces/:id`
// (Basic auth with public:secret keys) answering in the TraceWithFullDetails shape, plus
// `/api/public/health` and `/api/public/projects` for connectivity checks. Traces are
// built from spans an OTLP receiver captured, the way Langfuse's OTel ingestion maps them:
// one observation per span id (later spans with the same id update it), trace fields from
// langfuse.trace.* / user.id / session.id / langfuse.version / langfuse.environment, JSON
// attribute strings parsed, and resourceAttributes/scope added to observation metadata.
import http from 'node:http';
import type { ReceivedSpan } from './otlp-receiver';
import { listenOnLoopback } from './loopback';

type Json = Record<string, unknown>;

function parseJsonAttr(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Metadata arrives either as one JSON attribute or flattened into `<prefix>.<key>` attributes
 * (what @langfuse/tracing 5.x writes); each value is JSON-parsed when it parses.
 */
function prefixed(attrs: Json, prefix: string): Json {
  const whole = parseJsonAttr(attrs[prefix]);
  const out: Json = whole && typeof whole === 'object' && !Array.isArray(whole) ? { ...(whole as Json) } : {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = parseJsonAttr(v);
  }
  return out;
}

function observationFromSpans(versions: ReceivedSpan[]): Json {
  // Langfuse upserts: attributes of later versions of the same observation win.
  const span = versions[versions.length - 1];
  const a: Json = Object.assign({}, ...versions.map((v) => v.attributes));
  const usageDetails = (parseJsonAttr(a['langfuse.observation.usage_details']) ?? {}) as Record<string, number>;
  const costDetails = (parseJsonAttr(a['langfuse.observation.cost_details']) ?? {}) as Record<string, number>;
  const completionStartTime = parseJsonAttr(a['langfuse.observation.completion_start_time']) as string | undefined;
  const start = Date.parse(span.startTime);
  const end = Date.parse(span.endTime);
  return {
    id: span.spanId,
    traceId: span.traceId,
    type: String(a['langfuse.observation.type'] ?? 'span').toUpperCase(),
    name: span.name,
    startTime: span.startTime,
    endTime: span.endTime,
    completionStartTime: completionStartTime ?? null,
    model: (a['langfuse.observation.model.name'] as string) ?? null,
    modelParameters: parseJsonAttr(a['langfuse.observation.model.parameters']) ?? {},
    input: parseJsonAttr(a['langfuse.observation.input']) ?? null,
    output: parseJsonAttr(a['langfuse.observation.output']) ?? null,
    version: (a['langfuse.version'] as string) ?? null,
    metadata: {
      ...prefixed(a, 'langfuse.observation.metadata'),
      resourceAttributes: span.resource,
      scope: span.scope,
    },
    usage: { input: usageDetails.input ?? 0, output: usageDetails.output ?? 0, total: usageDetails.total ?? 0, unit: 'TOKENS' },
    usageDetails,
    costDetails,
    level: (a['langfuse.observation.level'] as string) ?? 'DEFAULT',
    statusMessage: (a['langfuse.observation.status_message'] as string) ?? null,
    parentObservationId: span.parentSpanId ?? null,
    promptId: null,
    promptName: null,
    promptVersion: null,
    modelId: null,
    inputPrice: null,
    outputPrice: null,
    totalPrice: null,
    calculatedInputCost: costDetails.input ?? null,
    calculatedOutputCost: costDetails.output ?? null,
    calculatedTotalCost: costDetails.total ?? null,
    latency: (end - start) / 1000,
    timeToFirstToken: completionStartTime ? (Date.parse(completionStartTime) - start) / 1000 : null,
    environment: (a['langfuse.environment'] as string) ?? 'default',
  };
}

/** The trace Langfuse would serve for these spans, or undefined when none belong to it. */
export function langfuseTraceFromSpans(traceId: string, allSpans: ReceivedSpan[]): Json | undefined {
  const spans = allSpans.filter((s) => s.traceId === traceId);
  if (spans.length === 0) return undefined;
  const byId = new Map<string, ReceivedSpan[]>();
  for (const s of spans) byId.set(s.spanId, [...(byId.get(s.spanId) ?? []), s]);
  const observations = [...byId.values()].map(observationFromSpans);
  const attrs: Json = Object.assign({}, ...spans.map((s) => s.attributes));
  const metadata = prefixed(attrs, 'langfuse.trace.metadata');
  const tags = new Set<string>();
  for (const s of spans) for (const t of (s.attributes['langfuse.trace.tags'] as string[] | undefined) ?? []) tags.add(t);
  const start = Math.min(...observations.map((o) => Date.parse(o.startTime as string)));
  const end = Math.max(...observations.map((o) => Date.parse(o.endTime as string)));
  return {
    id: traceId,
    timestamp: new Date(start).toISOString(),
    name: (attrs['langfuse.trace.name'] as string) ?? null,
    input: parseJsonAttr(attrs['langfuse.trace.input']) ?? null,
    output: parseJsonAttr(attrs['langfuse.trace.output']) ?? null,
    sessionId: (attrs['session.id'] as string) ?? null,
    release: (attrs['langfuse.release'] as string) ?? null,
    version: (attrs['langfuse.version'] as string) ?? null,
    userId: (attrs['user.id'] as string) ?? null,
    metadata,
    tags: [...tags],
    public: false,
    environment: (attrs['langfuse.environment'] as string) ?? 'default',
    htmlPath: `/project/standin/traces/${traceId}`,
    latency: (end - start) / 1000,
    totalCost: observations.reduce((sum, o) => sum + ((o.calculatedTotalCost as number | null) ?? 0), 0),
    observations,
    scores: [],
  };
}

export interface LangfuseApiStandin {
  url: string;
  requests: Array<{ path: string; authorization: string | undefined; status: number }>;
  close(): Promise<void>;
}

export async function startLangfuseApiStandin(opts: {
  publicKey: string;
  secretKey: string;
  /** Spans to serve traces from (e.g. an OTLP receiver's `spans`, read at request time). */
  spans: () => ReceivedSpan[];
}): Promise<LangfuseApiStandin> {
  const expectedAuth = `Basic ${Buffer.from(`${opts.publicKey}:${opts.secretKey}`).toString('base64')}`;
  const requests: LangfuseApiStandin['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: unknown) => {
      requests.push({ path, authorization: req.headers.authorization, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === '/api/public/health') return reply(200, { status: 'OK', version: 'standin' });
    const match = /^\/api\/public\/traces\/([^/]+)$/.exec(path);
    if (req.method !== 'GET' || (!match && path !== '/api/public/projects')) return reply(404, { message: 'Not found' });
    if (req.headers.authorization !== expectedAuth) return reply(401, { message: 'Invalid credentials' });
    if (!match) return reply(200, { data: [{ id: 'standin', name: 'standin', metadata: {} }] });
    const trace = langfuseTraceFromSpans(decodeURIComponent(match[1]), opts.spans());
    if (!trace) return reply(404, { message: `Trace ${match[1]} not found within authorized project` });
    reply(200, trace);
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    close: listener.close,
  };
}
