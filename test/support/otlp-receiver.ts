// A stand-in for Langfuse's OTLP endpoint, `POST /api/public/otel/v1/traces`: checks the
// Basic auth header built from public:secret keys, decodes OTLP/HTTP JSON (the encoding
// @opentelemetry/exporter-trace-otlp-http sends; protobuf is refused with 415 so a change of
// exporter is noticed), and keeps every received span with attributes decoded to plain values.
// Fault injection: `failWith(status)` answers every export with that status until cleared.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback';

export const OTLP_TRACES_PATH = '/api/public/otel/v1/traces';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTime: string;
  endTime: string;
  attributes: Record<string, unknown>;
  scope: { name: string; version?: string };
  resource: Record<string, unknown>;
}

export interface ReceivedRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  status: number;
  spanCount: number;
}

export interface OtlpReceiver {
  /** Base URL to configure as the Langfuse base URL. */
  url: string;
  spans: ReceivedSpan[];
  requests: ReceivedRequest[];
  failWith(status: number | undefined): void;
  /** While held, exports wait unanswered (a slow Langfuse); releasing answers them all. */
  hold(on: boolean): void;
  spansOf(traceId: string): ReceivedSpan[];
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: Array<{ key: string; value: AnyValue }> };
  bytesValue?: string;
};

export function decodeAnyValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decodeAnyValue);
  if (v.kvlistValue) return decodeAttributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return undefined;
}

function decodeAttributes(list: Array<{ key: string; value: AnyValue }> | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, decodeAnyValue(kv.value)]));
}

/** OTLP/JSON ids are hex; tolerate base64 (proto3 JSON's bytes encoding) too. */
function decodeId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

function nanosToIso(n: string | number | { low: number; high: number }): string {
  const nanos = typeof n === 'object' ? (BigInt(n.high >>> 0) << 32n) + BigInt(n.low >>> 0) : BigInt(n);
  return new Date(Number(nanos / 1_000_000n)).toISOString();
}

interface OtlpJsonRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: AnyValue }> };
    scopeSpans?: Array<{
      scope?: { name: string; version?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        startTimeUnixNano: string | number;
        endTimeUnixNano: string | number;
        attributes?: Array<{ key: string; value: AnyValue }>;
      }>;
    }>;
  }>;
}

export function decodeOtlpJson(body: OtlpJsonRequest): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = decodeAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: decodeId(s.traceId)!,
          spanId: decodeId(s.spanId)!,
          parentSpanId: decodeId(s.parentSpanId),
          name: s.name,
          startTime: nanosToIso(s.startTimeUnixNano),
          endTime: nanosToIso(s.endTimeUnixNano),
          attributes: decodeAttributes(s.attributes),
          scope: { name: ss.scope?.name ?? '', version: ss.scope?.version },
          resource,
        });
      }
    }
  }
  return out;
}

export async function startOtlpReceiver(keys: { publicKey: string; secretKey: string }): Promise<OtlpReceiver> {
  const expectedAuth = `Basic ${Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64')}`;
  const spans: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  let failure: number | undefined;
  let held: Array<() => void> | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => (held ? held.push(answer) : answer()));
    const answer = () => {
      const reply = (status: number, body: unknown, spanCount = 0) => {
        requests.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], status, spanCount });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url?.split('?')[0] !== OTLP_TRACES_PATH) return reply(404, { message: 'not found' });
      if (req.headers.authorization !== expectedAuth) return reply(401, { message: 'Invalid credentials' });
      if (failure !== undefined) return reply(failure, { message: 'injected failure' });
      if (!String(req.headers['content-type']).startsWith('application/json')) return reply(415, { message: 'only OTLP/JSON here' });
      try {
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        const received = decodeOtlpJson(JSON.parse(raw.toString('utf8')) as OtlpJsonRequest);
        spans.push(...received);
        reply(200, { partialSuccess: {} }, received.length);
      } catch (err) {
        reply(400, { message: `bad OTLP payload: ${(err as Error).message}` });
      }
    };
  });
  const listener = await listenOnLoopback(server);

  return {
    url: listener.url,
    spans,
    requests,
    failWith(status) {
      failure = status;
    },
    hold(on) {
      if (on) held ??= [];
      else {
        const waiting = held ?? [];
        held = undefined;
        for (const answer of waiting) answer();
      }
    },
    spansOf: (traceId) => spans.filter((s) => s.traceId === traceId),
    close: listener.close,
  };
}
