// OpenAI-compatible provider (vLLM first; also TGI, SGLang, Ollama, hosted APIs).
// `endpoint` is the server root, e.g. http://vllm:8000; a trailing `/v1` is accepted and stripped.
import { Agent, request } from 'undici';
import type { Deployment } from '../../config';
import { RouterError, classifyTransportError } from '../../errors';
import type { ChatRequest } from '../../types';
import type { CallContext, EngineLoad, Provider, ProviderChatResult } from '../types';
import { errorFromOpenAI } from './errors';
import { parsePrometheusGauges } from './metrics';
import { toOpenAIChatBody } from './request';
import { fromOpenAIResponse } from './response';
import { openOpenAIStream, type StreamRequest } from './stream-request';

export function baseUrlOf(endpoint: string | undefined): string {
  if (!endpoint) throw new RouterError('validation', 'openai deployment needs an endpoint');
  return endpoint.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function createOpenAIProvider(dep: Deployment): Provider {
  const base = baseUrlOf(dep.endpoint);
  const baseUrl = new URL(base);
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const dispatcher = new Agent({ connections: dep.maxConcurrency * 2, keepAliveTimeout: 30_000, headersTimeout: dep.timeoutMs, bodyTimeout: dep.timeoutMs, connect: { timeout: 5_000 } });
  const key = dep.apiKeyEnv ? process.env[dep.apiKeyEnv] : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;

  async function post(path: string, body: unknown, ctx: CallContext) {
    const h = ctx.traceId ? { ...headers, 'x-request-id': ctx.traceId } : headers;
    let res;
    try {
      // undici accepts any EventTarget-like signal; the router's abortSource saves an AbortSignal per call.
      const signal = (ctx.abortSource ?? ctx.signal) as AbortSignal;
      res = await request(`${base}${path}`, { method: 'POST', headers: h, body: JSON.stringify(body), signal, dispatcher });
    } catch (err) {
      throw classifyTransportError(err, dep.id);
    }
    if (res.statusCode >= 400) {
      const text = await res.body.text().catch(() => '');
      throw errorFromOpenAI(res.statusCode, text, dep.id, res.headers['retry-after']);
    }
    return res;
  }

  const streamRequest = (req: ChatRequest, ctx: Omit<CallContext, 'signal'>): StreamRequest => ({
    dispatcher, origin: baseUrl.origin, path: `${basePath}/v1/chat/completions`, deployment: dep.id,
    headers: ctx.traceId ? { ...headers, 'x-request-id': ctx.traceId } : headers,
    body: JSON.stringify(toOpenAIChatBody(req, dep.model, true, ctx.continuation)),
    choices: req.n,
  });

  async function postJson(path: string, body: unknown, ctx: CallContext): Promise<any> {
    const res = await post(path, body, ctx);
    try {
      return await res.body.json();
    } catch (err) {
      throw classifyTransportError(err, dep.id);
    }
  }

  return {
    async chat(req: ChatRequest, ctx: CallContext): Promise<ProviderChatResult> {
      return fromOpenAIResponse(await postJson('/v1/chat/completions', toOpenAIChatBody(req, dep.model, false, ctx.continuation), ctx));
    },
    chatStreamPush(req, ctx, sink) {
      return openOpenAIStream(streamRequest(req, ctx), sink);
    },
    async embed(req, ctx) {
      const request: Record<string, unknown> = { model: dep.model, input: req.input, encoding_format: 'float' };
      if (req.dimensions !== undefined) request.dimensions = req.dimensions;
      const body = await postJson('/v1/embeddings', { ...request, ...(req.providerExtensions?.openai as object | undefined) }, ctx);
      const data = [...(body.data ?? [])].sort((a: any, b: any) => a.index - b.index);
      return { vectors: data.map((d: any) => d.embedding as number[]), inputTokens: body.usage?.prompt_tokens ?? 0 };
    },
    async rerank(req, ctx) {
      try {
        const body = await postJson('/v1/rerank', { model: dep.model, query: req.query, documents: req.documents, top_n: req.topN ?? req.documents.length }, ctx);
        return (body.results ?? []).map((r: any) => ({ index: r.index, score: r.relevance_score ?? r.score }));
      } catch (err) {
        if (!(err instanceof RouterError && err.kind === 'not_found')) throw err;
        // Servers without /v1/rerank (older vLLM, cross-encoders served for scoring) offer /v1/score.
        const body = await postJson('/v1/score', { model: dep.model, text_1: req.query, text_2: req.documents }, ctx);
        return (body.data ?? []).map((r: any) => ({ index: r.index, score: r.score }));
      }
    },
    async scrapeLoad(signal: AbortSignal): Promise<EngineLoad | undefined> {
      const res = await request(`${base}/metrics`, { method: 'GET', signal, dispatcher });
      if (res.statusCode !== 200) {
        await res.body.dump();
        return undefined;
      }
      const g = parsePrometheusGauges(await res.body.text());
      const waiting = g.get('vllm:num_requests_waiting');
      if (waiting === undefined) return undefined;
      return {
        waiting,
        running: g.get('vllm:num_requests_running') ?? 0,
        kvCacheUsage: g.get('vllm:kv_cache_usage_perc') ?? g.get('vllm:gpu_cache_usage_perc') ?? 0,
      };
    },
    async health(signal: AbortSignal) {
      try {
        const res = await request(`${base}/health`, { method: 'GET', signal, dispatcher });
        await res.body.dump();
        return res.statusCode === 200;
      } catch {
        return false;
      }
    },
    close: () => dispatcher.close(),
  };
}
