// A stand-in for a vLLM OpenAI-compatible server, byte-for-byte in the shapes vLLM emits:
// /v1/chat/completions (JSON and SSE, tool_calls deltas, final usage chunk), /v1/models,
// /health, /metrics (Prometheus text), /v1/embeddings (float and `dimensions`), /v1/rerank, with
// fault injection. `n` answers (streamed interleaved by choice index, as vLLM does), `logprobs`
// per token, and every request body recorded (`requests`, `embeddingRequests`).
// Run standalone: `npx tsx test/support/vllm-standin.ts --port N [--model M]` prints its URL.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { refusableListener } from './loopback';

export interface OpenAIChatBody {
  model: string;
  messages: Array<{ role: string; content?: string | null; tool_calls?: unknown[]; tool_call_id?: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  continue_final_message?: boolean;
  add_generation_prompt?: boolean;
  [k: string]: unknown;
}

export interface StandinReply {
  content?: string;
  /** With `n` > 1: the answer of each choice (default: `content`, then `content #i`). */
  choices?: string[];
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** Each fault applies to every request unless `times` limits it to the next N requests. */
export interface Faults {
  /** Added before response headers (ms). */
  latencyMs?: number;
  /** Delay between streamed chunks (ms). */
  tokenDelayMs?: number;
  rateLimit?: { retryAfterS?: number; times?: number };
  /** `message`: the error's text (providers' 4xx errors may quote the request, as vLLM's validation errors do). */
  serverError?: { status?: number; times?: number; message?: string };
  /** Accept the request and never answer. */
  hang?: { times?: number } | boolean;
  /** Stream K content tokens, then destroy the socket. */
  disconnectAfterTokens?: { tokens: number; times?: number } | number;
  /** Close the listener so connections are refused; setFaults without it reopens the same port. */
  refuse?: boolean;
  /** /v1/embeddings answers with this status (chat is unaffected). */
  embeddingError?: { status?: number; times?: number };
}

export interface VllmStandinOptions {
  model?: string;
  respond?: (req: OpenAIChatBody) => StandinReply | Promise<StandinReply>;
  latencyMs?: number;
  port?: number;
  /** Requests above this many run concurrently wait in a queue (vllm:num_requests_waiting). */
  maxRunning?: number;
  maxModelLen?: number;
  /** Serve /v1/score but not /v1/rerank (as a server without the rerank endpoint). */
  scoreOnly?: boolean;
}

export interface VllmStandin {
  url: string;
  requests: OpenAIChatBody[];
  /** /v1/embeddings request bodies received, answered or failed. */
  embeddingRequests: Array<Record<string, unknown>>;
  setFaults(f: Faults): Promise<void>;
  /** Live counters as reported on /metrics. */
  stats(): { running: number; waiting: number; served: number };
  close(): Promise<void>;
}

const wordsOf = (s: string): string[] => s.match(/\s*\S+|\s+$/g) ?? [];
const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lastUserText(body: OpenAIChatBody): string {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m.role === 'user') return typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
  }
  return '';
}

/** Deterministic embedding: a hashed bag of words, L2-normalised. */
export function standinEmbedding(text: string, dims = 32): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/\w+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    v[(h >>> 0) % dims] += 1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

function takeFault<T>(f: T | boolean | number | undefined): boolean {
  if (f === undefined || f === false) return false;
  if (typeof f === 'object' && f !== null && 'times' in f) {
    const o = f as { times?: number };
    if (o.times === undefined) return true;
    if (o.times <= 0) return false;
    o.times -= 1;
    return true;
  }
  return true;
}

export async function startVllmStandin(opts: VllmStandinOptions = {}): Promise<VllmStandin> {
  const model = opts.model ?? 'standin-model';
  const respond: NonNullable<VllmStandinOptions['respond']> = opts.respond ?? ((req) => ({ content: `echo: ${lastUserText(req)}` }));
  const requests: OpenAIChatBody[] = [];
  const embeddingRequests: Array<Record<string, unknown>> = [];
  let faults: Faults = {};
  let running = 0;
  let served = 0;
  const queue: Array<() => void> = [];
  const created = () => Math.floor(Date.now() / 1000);

  const acquire = async () => {
    if (opts.maxRunning && running >= opts.maxRunning) await new Promise<void>((r) => queue.push(r));
    running++;
  };
  const release = () => {
    running--;
    queue.shift()?.();
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
    res.end(data);
  };
  const sendError = (res: http.ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) =>
    sendJson(res, status, { error: { message, type, param: null, code: status } }, headers);

  function metricsText(): string {
    const l = `{engine="0",model_name="${model}"}`;
    const kv = Math.min(1, running / (opts.maxRunning ?? 64));
    return [
      '# HELP vllm:num_requests_running Number of requests in model execution batches.',
      '# TYPE vllm:num_requests_running gauge',
      `vllm:num_requests_running${l} ${running.toFixed(1)}`,
      '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
      '# TYPE vllm:num_requests_waiting gauge',
      `vllm:num_requests_waiting${l} ${queue.length.toFixed(1)}`,
      '# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.',
      '# TYPE vllm:kv_cache_usage_perc gauge',
      `vllm:kv_cache_usage_perc${l} ${kv}`,
      '# HELP vllm:request_success_total Count of successfully processed requests.',
      '# TYPE vllm:request_success_total counter',
      `vllm:request_success_total{engine="0",finished_reason="stop",model_name="${model}"} ${served.toFixed(1)}`,
      '',
    ].join('\n');
  }

  async function chat(body: OpenAIChatBody, req: http.IncomingMessage, res: http.ServerResponse) {
    requests.push(body);
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return sendError(res, 400, 'BadRequestError', 'messages: field required');
    if (body.model !== model)
      return sendError(res, 404, 'NotFoundError', `The model \`${body.model}\` does not exist.`);
    const maxLen = opts.maxModelLen ?? 32768;
    const promptLen = approxTokens(JSON.stringify(body.messages));
    const want = promptLen + (body.max_completion_tokens ?? body.max_tokens ?? 0);
    if (want > maxLen)
      return sendError(res, 400, 'BadRequestError', `This model's maximum context length is ${maxLen} tokens. However, you requested ${want} tokens (${promptLen} in the messages, ${want - promptLen} in the completion). Please reduce the length of the messages or completion.`);
    const latency = (faults.latencyMs ?? 0) + (opts.latencyMs ?? 0);
    if (latency > 0) await sleep(latency);
    if (takeFault(faults.rateLimit))
      return sendError(res, 429, 'RateLimitError', 'Too many requests', { 'retry-after': String(faults.rateLimit?.retryAfterS ?? 1) });
    if (takeFault(faults.serverError))
      return sendError(res, faults.serverError?.status ?? 500, 'InternalServerError', faults.serverError?.message ?? 'engine error');
    if (takeFault(faults.hang)) return; // the socket stays open until the client gives up
    const disconnect = takeFault(faults.disconnectAfterTokens)
      ? typeof faults.disconnectAfterTokens === 'number' ? faults.disconnectAfterTokens : faults.disconnectAfterTokens!.tokens
      : undefined;

    await acquire();
    try {
      const reply = await respond(body);
      let content = reply.content ?? '';
      const last = body.messages[body.messages.length - 1];
      if (body.continue_final_message && last?.role === 'assistant' && typeof last.content === 'string' && content.startsWith(last.content))
        content = content.slice(last.content.length); // a deterministic model continues its own prefix
      const maxTok = body.max_completion_tokens ?? body.max_tokens;
      const n = typeof body.n === 'number' ? body.n : 1;
      const stops = typeof body.stop === 'string' ? [body.stop] : body.stop ?? [];
      const answers = Array.from({ length: n }, (_, i) => reply.choices?.[i] ?? (i ? `${content} #${i}` : content)).map((text) => {
        // Like vLLM: the text ends before the first stop string, named in `stop_reason`.
        let stopReason: string | null = null;
        const at = Math.min(...stops.map((st) => text.indexOf(st)).filter((k) => k >= 0));
        if (Number.isFinite(at)) {
          stopReason = stops.find((st) => text.indexOf(st) === at)!;
          text = text.slice(0, at);
        }
        let tokens = wordsOf(text);
        let finish: string = reply.toolCalls?.length ? 'tool_calls' : 'stop';
        if (maxTok !== undefined && tokens.length > maxTok) {
          tokens = tokens.slice(0, maxTok);
          text = tokens.join('');
          finish = 'length';
        }
        return { text, tokens, finish, stopReason: finish === 'stop' ? stopReason : null };
      });
      ({ text: content } = answers[0]);
      const { tokens, finish } = answers[0];
      // vLLM's logprobs entry per token: the token, its logprob and `top_logprobs` alternatives.
      const logprobOf = (t: string, k: number) => ({
        token: t, logprob: -0.25 * (k + 1), bytes: [...Buffer.from(t)],
        top_logprobs: Array.from({ length: Number(body.top_logprobs ?? 0) }, (_, j) => ({ token: j ? `${t}~${j}` : t, logprob: -0.25 * (k + 1) - j, bytes: [...Buffer.from(t)] })),
      });
      const logprobsOf = (toks: string[], from = 0) => (body.logprobs ? { content: toks.map((t, k) => logprobOf(t, from + k)) } : null);
      const toolCalls = (reply.toolCalls ?? []).map((t) => ({
        id: `chatcmpl-tool-${randomUUID().replace(/-/g, '')}`,
        type: 'function' as const,
        function: { name: t.name, arguments: JSON.stringify(t.arguments) },
      }));
      const promptTokens = reply.usage?.prompt_tokens ?? approxTokens(JSON.stringify(body.messages));
      const completionTokens = reply.usage?.completion_tokens ?? answers.reduce((a, x) => a + x.tokens.length, 0) + toolCalls.length * 8 * n;
      const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null };
      const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
      const ts = created();

      if (!body.stream) {
        served++;
        return sendJson(res, 200, {
          id, object: 'chat.completion', created: ts, model,
          choices: answers.map((a, index) => ({
            index,
            message: { role: 'assistant', reasoning_content: null, content: toolCalls.length && !a.text ? null : a.text, tool_calls: toolCalls },
            logprobs: logprobsOf(a.tokens), finish_reason: a.finish, stop_reason: a.stopReason,
          })),
          usage, prompt_logprobs: null,
        });
      }

      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: ts, model, choices, ...extra })}\n\n`;
      const delay = faults.tokenDelayMs ?? 0;
      // Each chunk is flushed before the next, so a cut after K tokens delivers exactly K.
      const write = async (s: string) => {
        if (delay) await sleep(delay);
        if (!res.destroyed) await new Promise<void>((r) => res.write(s, () => r()));
      };
      for (let index = 0; index < n; index++)
        await write(chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
      let sent = 0;
      // Several answers interleave token by token, each finishing when its text runs out.
      const longest = Math.max(...answers.map((a) => a.tokens.length));
      for (let k = 0; k < longest; k++) {
        for (const [index, a] of answers.entries()) {
          const t = a.tokens[k];
          if (t === undefined) continue;
          if (disconnect !== undefined && sent >= disconnect) return res.socket?.destroy();
          await write(chunk([{ index, delta: { content: t }, logprobs: logprobsOf([t], k), finish_reason: null }]));
          sent++;
        }
      }
      if (disconnect !== undefined && sent >= disconnect && toolCalls.length) return res.socket?.destroy();
      for (let index = 0; index < n; index++) {
        for (const [i, tc] of toolCalls.entries()) {
          await write(chunk([{ index, delta: { tool_calls: [{ id: tc.id, type: 'function', index: i, function: { name: tc.function.name } }] }, logprobs: null, finish_reason: null }]));
          const args = tc.function.arguments;
          const half = Math.ceil(args.length / 2);
          for (const part of [args.slice(0, half), args.slice(half)])
            if (part) await write(chunk([{ index, delta: { tool_calls: [{ index: i, function: { arguments: part } }] }, logprobs: null, finish_reason: null }]));
        }
        await write(chunk([{ index, delta: { content: '' }, logprobs: null, finish_reason: answers[index].finish, stop_reason: answers[index].stopReason }]));
      }
      if (body.stream_options?.include_usage) await write(chunk([], { usage }));
      await write('data: [DONE]\n\n');
      served++;
      res.end();
    } finally {
      release();
    }
  }

  function embeddings(body: { model: string; input: string | string[]; dimensions?: number; encoding_format?: string }, res: http.ServerResponse) {
    embeddingRequests.push(body);
    if (takeFault(faults.embeddingError)) return sendError(res, faults.embeddingError?.status ?? 503, 'ServiceUnavailableError', 'embedding engine unavailable');
    if (body.encoding_format !== undefined && body.encoding_format !== 'float' && body.encoding_format !== 'base64')
      return sendError(res, 400, 'BadRequestError', `encoding_format: unknown value ${body.encoding_format}`);
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const tokens = inputs.reduce((a, s) => a + approxTokens(s), 0);
    sendJson(res, 200, {
      id: `embd-${randomUUID().replace(/-/g, '')}`, object: 'list', created: created(), model,
      data: inputs.map((s, index) => ({ index, object: 'embedding', embedding: standinEmbedding(s, body.dimensions ?? 32) })),
      usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null },
    });
  }

  /** /v1/score as vLLM serves it for cross-encoders: one score per (text_1, text_2[i]) pair. */
  function score(body: { text_1: string; text_2: string[] | string }, res: http.ServerResponse) {
    const q = standinEmbedding(body.text_1);
    const docs = Array.isArray(body.text_2) ? body.text_2 : [body.text_2];
    sendJson(res, 200, {
      id: `score-${randomUUID().replace(/-/g, '')}`, object: 'list', created: created(), model,
      data: docs.map((d, index) => ({ index, object: 'score', score: standinEmbedding(d).reduce((a, x, i) => a + x * q[i], 0) })),
      usage: { prompt_tokens: approxTokens(body.text_1 + docs.join(' ')), total_tokens: approxTokens(body.text_1 + docs.join(' ')), completion_tokens: 0, prompt_tokens_details: null },
    });
  }

  function rerank(body: { query: string; documents: string[]; top_n?: number }, res: http.ServerResponse) {
    const q = standinEmbedding(body.query);
    const scored = body.documents.map((text, index) => ({
      index, document: { text }, relevance_score: standinEmbedding(text).reduce((a, x, i) => a + x * q[i], 0),
    }));
    scored.sort((a, b) => b.relevance_score - a.relevance_score);
    sendJson(res, 200, {
      id: `rerank-${randomUUID().replace(/-/g, '')}`, model,
      usage: { total_tokens: approxTokens(body.query + body.documents.join(' ')) },
      results: scored.slice(0, body.top_n ?? scored.length),
    });
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      let body: any = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return sendError(res, 400, 'BadRequestError', 'invalid JSON body');
        }
      }
      const route = `${req.method} ${path}`;
      const run = async () => {
        switch (route) {
          case 'GET /health':
            res.writeHead(200, { 'content-length': '0' });
            return res.end();
          case 'GET /metrics':
            res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
            return res.end(metricsText());
          case 'GET /v1/models':
            return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: created(), owned_by: 'vllm', root: model, parent: null, max_model_len: opts.maxModelLen ?? 32768, permission: [] }] });
          case 'POST /v1/chat/completions':
            return chat(body, req, res);
          case 'POST /v1/embeddings':
            return embeddings(body, res);
          case 'POST /v1/rerank':
          case 'POST /rerank':
          case 'POST /v2/rerank':
            if (opts.scoreOnly) return sendJson(res, 404, { detail: 'Not Found' });
            return rerank(body, res);
          case 'POST /v1/score':
          case 'POST /score':
            return score(body, res);
          default:
            return sendJson(res, 404, { detail: 'Not Found' });
        }
      };
      run().catch((err) => {
        if (!res.headersSent) sendError(res, 500, 'InternalServerError', String(err));
        else res.destroy();
      });
    });
  };

  const listener = await refusableListener(() => http.createServer(handler), opts.port ?? 0);
  const port = listener.port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    embeddingRequests,
    async setFaults(f: Faults) {
      faults = { ...f };
      if (f.refuse) return listener.close();
      await listener.reopen();
    },
    stats: () => ({ running, waiting: queue.length, served }),
    close: () => listener.close(),
  };
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  // --latency-ms N: delay before each answer; --token-delay-ms N: pacing between streamed chunks.
  startVllmStandin({ port: Number(arg('--port') ?? 0), model: arg('--model'), latencyMs: Number(arg('--latency-ms') ?? 0) }).then(async (s) => {
    if (arg('--token-delay-ms')) await s.setFaults({ tokenDelayMs: Number(arg('--token-delay-ms')) });
    process.stdout.write(`${s.url}\n`);
    const shut = () => void s.close().then(() => process.exit(0));
    process.on('SIGTERM', shut);
    process.on('SIGINT', shut);
  });
}
