// A stand-in for the Bedrock runtime (and the agent runtime's Rerank) reached through the real
// AWS SDK with `endpoint` set: Converse JSON, ConverseStream `application/vnd.amazon.eventstream`
// frames (exceptions as stream events after HTTP 200), InvokeModel for Titan / Cohere embeddings,
// POST /rerank. Faults: latency, throttling and other exceptions, hang, disconnect, refuse.
// Checks what Converse checks of image / document blocks and a forced toolChoice; a forced tool
// is answered with a toolUse of that tool (input: the reply's `json`). Every request is recorded.
// Speaks cleartext HTTP/2 (prior knowledge), as the SDK's default NodeHttp2Handler does.
import http2 from 'node:http2';
import { randomUUID } from 'node:crypto';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { standinEmbedding } from './vllm-standin';
import { refusableListener } from './loopback';

export interface BedrockReply {
  content?: string;
  /** The input of the forced tool (`toolChoice: { tool }`), i.e. a response_format answer. */
  json?: Record<string, unknown>;
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }>;
  usage?: { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  stopReason?: string;
}

export interface BedrockRecordedRequest {
  operation: 'converse' | 'converse-stream' | 'invoke' | 'rerank';
  modelId?: string;
  body: any;
  authorization?: string;
}

/** Each fault applies to every call unless `times` limits it to the next N calls. */
export interface BedrockFaults {
  latencyMs?: number;
  tokenDelayMs?: number;
  /** HTTP error before any output, e.g. { name: 'ThrottlingException' }. */
  exception?: { name: string; message?: string; times?: number };
  /** Exception event after HTTP 200 and `afterTokens` text tokens, e.g. { name: 'modelStreamErrorException' }. */
  streamException?: { name: string; afterTokens?: number; message?: string; times?: number };
  hang?: { times?: number } | boolean;
  disconnectAfterTokens?: { tokens: number; times?: number } | number;
  refuse?: boolean;
}

export interface BedrockStandinOptions {
  respond?: (req: { modelId: string; body: any }) => BedrockReply | Promise<BedrockReply>;
  latencyMs?: number;
  port?: number;
  /** Known model ids; others get ValidationException like Bedrock. Default: any. */
  models?: string[];
  /** Prompts above this many (estimated) tokens fail with "Input is too long". */
  maxInputTokens?: number;
}

export interface BedrockStandin {
  url: string;
  requests: BedrockRecordedRequest[];
  setFaults(f: BedrockFaults): Promise<void>;
  close(): Promise<void>;
}

const STATUS: Record<string, number> = {
  ThrottlingException: 429, ServiceUnavailableException: 503, ModelNotReadyException: 429, ModelTimeoutException: 408,
  ModelErrorException: 424, ValidationException: 400, AccessDeniedException: 403, ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400, InternalServerException: 500, UnrecognizedClientException: 403,
};
const wordsOf = (s: string): string[] => s.match(/\s*\S+|\s+$/g) ?? [];
const approxTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codec = new EventStreamCodec((b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));

function takeFault(f: unknown): boolean {
  if (f === undefined || f === false) return false;
  if (typeof f === 'object' && f !== null && 'times' in f) {
    const o = f as { times?: number };
    if (o.times === undefined) return true;
    if (o.times <= 0) return false;
    o.times -= 1;
  }
  return true;
}

class BedrockException extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

function textOf(blocks: any[] | undefined): string {
  return (blocks ?? []).map((b) => b.text ?? (b.toolResult ? textOf(b.toolResult.content) : '')).join('');
}

/** The checks Bedrock itself makes on a Converse request. */
function validateConverse(body: any) {
  const msgs: any[] = body?.messages;
  if (!Array.isArray(msgs) || !msgs.length) throw new BedrockException('ValidationException', 'A conversation must start with a user message.');
  if (msgs[0].role !== 'user') throw new BedrockException('ValidationException', 'A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  let usesTools = false;
  msgs.forEach((m, i) => {
    if (i > 0 && msgs[i - 1].role === m.role)
      throw new BedrockException('ValidationException', 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    if (!Array.isArray(m.content) || !m.content.length) throw new BedrockException('ValidationException', `The content field in the Message object at messages.${i} is empty.`);
    for (const b of m.content) {
      if (b.text !== undefined && !String(b.text).trim()) throw new BedrockException('ValidationException', `The text field in the ContentBlock object at messages.${i}.content is blank.`);
      if (b.image && (!['png', 'jpeg', 'gif', 'webp'].includes(b.image.format) || typeof b.image.source?.bytes !== 'string'))
        throw new BedrockException('ValidationException', `messages.${i}: invalid image block`);
      if (b.document && (!['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'].includes(b.document.format) || typeof b.document.source?.bytes !== 'string' || !/^[A-Za-z0-9()[\]-]+( [A-Za-z0-9()[\]-]+)*$/.test(b.document.name ?? '')))
        throw new BedrockException('ValidationException', `messages.${i}: invalid document block`);
      if (b.toolUse || b.toolResult) usesTools = true;
    }
  });
  const last = msgs[msgs.length - 1];
  if (last.role === 'assistant' && /\s$/.test(textOf(last.content)))
    throw new BedrockException('ValidationException', 'final assistant content cannot end with trailing whitespace');
  const forced = body.toolConfig?.toolChoice?.tool?.name;
  if (forced !== undefined && !body.toolConfig.tools.some((t: any) => t.toolSpec?.name === forced))
    throw new BedrockException('ValidationException', `toolChoice names ${forced}, which is not in toolConfig.tools`);
  for (const k of Object.keys(body.inferenceConfig ?? {}))
    if (!['maxTokens', 'temperature', 'topP', 'stopSequences'].includes(k)) throw new BedrockException('ValidationException', `inferenceConfig: unknown field ${k}`);
  if (usesTools && !body.toolConfig)
    throw new BedrockException('ValidationException', 'The toolConfig field must be defined when using toolUse and toolResult content blocks.');
}

export async function startBedrockStandin(opts: BedrockStandinOptions = {}): Promise<BedrockStandin> {
  const requests: BedrockRecordedRequest[] = [];
  let faults: BedrockFaults = {};
  const respond: NonNullable<BedrockStandinOptions['respond']> = opts.respond ?? (({ body }) => {
    const lastUser = [...body.messages].reverse().find((m: any) => m.role === 'user');
    return { content: `echo: ${textOf(lastUser?.content)}` };
  });

  const sendJson = (res: http2.Http2ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), 'x-amzn-requestid': randomUUID(), ...headers });
    res.end(data);
  };
  const sendException = (res: http2.Http2ServerResponse, e: BedrockException) =>
    sendJson(res, STATUS[e.type] ?? 400, { message: e.message }, { 'x-amzn-errortype': `${e.type}:http://internal.amazon.com/coral/com.amazon.bedrock/` });

  const frame = (headers: Record<string, string>, payload: unknown) =>
    codec.encode({
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string' as const, value: v }])),
      body: new TextEncoder().encode(JSON.stringify(payload)),
    });
  const eventFrame = (type: string, payload: Record<string, unknown>) =>
    frame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, { ...payload, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0'.slice(0, 1 + (Math.random() * 20) | 0) });
  const exceptionFrame = (name: string, message: string) => {
    const type = name[0].toLowerCase() + name.slice(1); // union member name: throttlingException
    return frame({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }, { message });
  };

  async function converse(modelId: string, body: any, stream: boolean, res: http2.Http2ServerResponse) {
    if (opts.models && !opts.models.includes(modelId)) throw new BedrockException('ValidationException', 'The provided model identifier is invalid.');
    validateConverse(body);
    const promptTokens = approxTokens(JSON.stringify(body.messages) + JSON.stringify(body.system ?? ''));
    if (opts.maxInputTokens && promptTokens > opts.maxInputTokens) throw new BedrockException('ValidationException', 'Input is too long for requested model.');
    const reply = await respond({ modelId, body });
    let content = reply.content ?? '';
    const last = body.messages[body.messages.length - 1];
    const prefill = last.role === 'assistant' ? textOf(last.content) : '';
    if (prefill && content.startsWith(prefill)) content = content.slice(prefill.length); // the model continues its prefill
    // Like Converse: the text ends before the first stop sequence; Anthropic models name it in
    // `additionalModelResponseFields` when `additionalModelResponseFieldPaths` asks for it.
    let matched: string | undefined;
    for (const st of (body.inferenceConfig?.stopSequences ?? []) as string[]) {
      const at = content.indexOf(st);
      if (at >= 0 && (matched === undefined || at < content.indexOf(matched))) matched = st;
    }
    if (matched !== undefined) content = content.slice(0, content.indexOf(matched));
    const responseFields = matched !== undefined && body.additionalModelResponseFieldPaths?.includes('/stop_sequence') ? { additionalModelResponseFields: { stop_sequence: matched } } : {};
    let tokens = wordsOf(content);
    const maxTokens = body.inferenceConfig?.maxTokens;
    let stopReason = reply.stopReason ?? (reply.toolCalls?.length ? 'tool_use' : matched !== undefined ? 'stop_sequence' : 'end_turn');
    if (maxTokens !== undefined && tokens.length > maxTokens) {
      tokens = tokens.slice(0, maxTokens);
      content = tokens.join('');
      stopReason = 'max_tokens';
    }
    const forcedTool: string | undefined = body.toolConfig?.toolChoice?.tool?.name;
    if (forcedTool) {
      reply.toolCalls = [{ name: forcedTool, arguments: reply.json ?? {} }];
      content = '';
      tokens = [];
      stopReason = 'tool_use';
    }
    const tools = (reply.toolCalls ?? []).map((t) => ({ toolUseId: `tooluse_${randomUUID().replace(/-/g, '').slice(0, 22)}`, name: t.name, input: t.arguments }));
    const inputTokens = reply.usage?.inputTokens ?? promptTokens;
    const outputTokens = reply.usage?.outputTokens ?? tokens.length + tools.length * 8;
    const usage = {
      inputTokens, outputTokens,
      totalTokens: inputTokens + outputTokens + (reply.usage?.cacheReadInputTokens ?? 0) + (reply.usage?.cacheWriteInputTokens ?? 0),
      ...(reply.usage?.cacheReadInputTokens !== undefined ? { cacheReadInputTokens: reply.usage.cacheReadInputTokens } : {}),
      ...(reply.usage?.cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens: reply.usage.cacheWriteInputTokens } : {}),
    };
    if (!stream) {
      const blocks: unknown[] = [];
      if (content) blocks.push({ text: content });
      for (const t of tools) blocks.push({ toolUse: t });
      return sendJson(res, 200, { output: { message: { role: 'assistant', content: blocks } }, stopReason, usage, metrics: { latencyMs: 12 }, ...responseFields });
    }

    const disconnect = takeFault(faults.disconnectAfterTokens)
      ? typeof faults.disconnectAfterTokens === 'number' ? faults.disconnectAfterTokens : faults.disconnectAfterTokens!.tokens
      : undefined;
    const streamEx = takeFault(faults.streamException) ? faults.streamException : undefined;
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    const delay = faults.tokenDelayMs ?? 0;
    const write = async (b: Uint8Array) => {
      if (delay) await sleep(delay);
      if (!res.destroyed) await new Promise<void>((r) => res.write(b, () => r()));
    };
    await write(eventFrame('messageStart', { role: 'assistant' }));
    let sent = 0;
    const checkFaults = () => {
      if (streamEx && sent >= (streamEx.afterTokens ?? 0)) {
        res.end(exceptionFrame(streamEx.name, streamEx.message ?? `${streamEx.name} raised by the stand-in`));
        return true;
      }
      if (disconnect !== undefined && sent >= disconnect) {
        res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        return true;
      }
      return false;
    };
    if (checkFaults()) return;
    for (const t of tokens) {
      await write(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: t } }));
      sent++;
      if (checkFaults()) return;
    }
    if (tokens.length) await write(eventFrame('contentBlockStop', { contentBlockIndex: 0 }));
    for (const [i, t] of tools.entries()) {
      const index = i + (tokens.length ? 1 : 0);
      await write(eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: t.toolUseId, name: t.name } } }));
      const json = JSON.stringify(t.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)])
        if (part) await write(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: part } } }));
      await write(eventFrame('contentBlockStop', { contentBlockIndex: index }));
    }
    await write(eventFrame('messageStop', { stopReason, ...responseFields }));
    await write(eventFrame('metadata', { usage, metrics: { latencyMs: 12 } }));
    res.end();
  }

  function invoke(modelId: string, body: any, res: http2.Http2ServerResponse) {
    if (modelId.includes('cohere.embed')) {
      const texts: string[] = body.texts ?? [];
      if (!texts.length || texts.length > 96) throw new BedrockException('ValidationException', 'texts must hold 1 to 96 strings');
      const tokens = texts.reduce((n, t) => n + approxTokens(t), 0);
      return sendJson(res, 200, { id: randomUUID(), texts, embeddings: texts.map((t) => standinEmbedding(t, body.dimensions ?? 32)), response_type: 'embeddings_floats' }, { 'x-amzn-bedrock-input-token-count': String(tokens) });
    }
    if (modelId.includes('titan-embed')) {
      if (typeof body.inputText !== 'string') throw new BedrockException('ValidationException', 'Malformed input request: #: required key [inputText] not found');
      const tokens = approxTokens(body.inputText);
      const embedding = standinEmbedding(body.inputText, body.dimensions ?? 32);
      return sendJson(res, 200, { embedding, embeddingsByType: { float: embedding }, inputTextTokenCount: tokens }, { 'x-amzn-bedrock-input-token-count': String(tokens) });
    }
    throw new BedrockException('ValidationException', 'The provided model identifier is invalid.');
  }

  function rerank(body: any, res: http2.Http2ServerResponse) {
    const query: string = body.queries?.[0]?.textQuery?.text ?? '';
    const docs: string[] = (body.sources ?? []).map((s: any) => s.inlineDocumentSource?.textDocument?.text ?? '');
    const n = body.rerankingConfiguration?.bedrockRerankingConfiguration?.numberOfResults ?? docs.length;
    const q = standinEmbedding(query);
    const results = docs
      .map((d, index) => ({ index, relevanceScore: standinEmbedding(d).reduce((a, x, i) => a + x * q[i], 0) }))
      .sort((a, b) => b.relevanceScore - a.relevanceScore)
      .slice(0, n);
    sendJson(res, 200, { results });
  }

  const handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0];
        const m = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(path);
        const operation = m ? (m[2] as BedrockRecordedRequest['operation']) : path === '/rerank' ? 'rerank' : undefined;
        if (req.method !== 'POST' || !operation) return sendJson(res, 404, { message: 'Not Found' }, { 'x-amzn-errortype': 'UnknownOperationException' });
        const modelId = m ? decodeURIComponent(m[1]) : undefined;
        let body: any;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          return sendException(res, new BedrockException('ValidationException', 'Malformed input request, please reformat your input and try again.'));
        }
        const authorization = req.headers.authorization;
        requests.push({ operation, modelId, body, authorization });
        if (!authorization || !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/.test(authorization))
          return sendException(res, new BedrockException('UnrecognizedClientException', 'The security token included in the request is invalid.'));
        const latency = (faults.latencyMs ?? 0) + (opts.latencyMs ?? 0);
        if (latency) await sleep(latency);
        if (takeFault(faults.exception)) {
          const e = faults.exception!;
          return sendException(res, new BedrockException(e.name, e.message ?? `${e.name} raised by the stand-in`));
        }
        if (takeFault(faults.hang)) return;
        try {
          if (operation === 'converse' || operation === 'converse-stream') await converse(modelId!, body, operation === 'converse-stream', res);
          else if (operation === 'invoke') invoke(modelId!, body, res);
          else rerank(body, res);
        } catch (err) {
          if (res.headersSent) return res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
          if (err instanceof BedrockException) return sendException(res, err);
          sendException(res, new BedrockException('InternalServerException', String(err)));
        }
      })();
    });
  };

  const listener = await refusableListener(() => http2.createServer(handler), opts.port ?? 0);
  const port = listener.port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async setFaults(f: BedrockFaults) {
      faults = { ...f };
      if (f.refuse) return listener.close();
      await listener.reopen();
    },
    close: () => listener.close(),
  };
}
