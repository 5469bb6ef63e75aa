// The Bedrock provider through the real AWS SDK against the Converse / ConverseStream stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createRouter, type ChatStreamEvent, type ModelRouter } from '../../services/router';
import { startBedrockStandin, type BedrockStandin } from '../support/bedrock-standin';
import { standinEmbedding } from '../support/vllm-standin';

let br: BedrockStandin;
let router: ModelRouter;
const opts = { tenantId: 't1' };
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDSTANDIN';
  process.env.AWS_SECRET_ACCESS_KEY = 'standin-secret';
  delete process.env.AWS_PROFILE;
  br = await startBedrockStandin({
    respond: ({ body }) => {
      const last = body.messages[body.messages.length - 1];
      const lastText = last.content.map((b: any) => b.text ?? b.toolResult?.content?.[0]?.text ?? '').join('');
      if (body.toolConfig && last.content.some((b: any) => b.toolResult)) return { content: `tool said ${lastText}` };
      if (body.toolConfig) return { content: 'Checking.', toolCalls: [{ name: 'lookup', arguments: { q: 'keel', n: 3 } }] };
      return { content: `echo: ${lastText}`, usage: { inputTokens: 10, outputTokens: 4, cacheReadInputTokens: 100, cacheWriteInputTokens: 5 } };
    },
  });
  router = createRouter({
    deployments: [
      { id: 'br', provider: 'bedrock', model: CLAUDE, endpoint: br.url, region: 'eu-west-1', capacity: 'on-demand' },
      { id: 'titan', provider: 'bedrock', model: 'amazon.titan-embed-text-v2:0', endpoint: br.url, region: 'eu-west-1' },
      { id: 'cohere', provider: 'bedrock', model: 'cohere.embed-english-v3', endpoint: br.url, region: 'eu-west-1' },
      { id: 'rr', provider: 'bedrock', model: 'amazon.rerank-v1:0', endpoint: br.url, region: 'us-west-2' },
    ],
    models: { claude: { deployments: ['br'] }, titan: { deployments: ['titan'] }, cohere: { deployments: ['cohere'] }, rerank: { deployments: ['rr'] } },
    retry: { maxAttempts: 1 },
    breaker: { consecutiveFailures: 1000, minCalls: 1000 },
  }, { registry: new Registry() });
});
afterAll(async () => {
  await router?.close();
  await br?.close();
});

async function collect(it: AsyncIterable<ChatStreamEvent>) {
  const out: ChatStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('bedrock provider', () => {
  it('sends a signed Converse request and maps text, usage and cache tokens', async () => {
    const res = await router.chat({
      model: 'claude',
      messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'hi there' }],
      generation: { maxTokens: 200, temperature: 0.3, topP: 0.8, stopSequences: ['\n\nHuman:'] },
    }, opts);
    expect(res.content).toBe('echo: hi there');
    expect(res.stopReason).toBe('end_turn');
    expect(res.usage).toEqual({ inputTokens: 115, outputTokens: 4, totalTokens: 119, cacheReadInputTokens: 100, cacheWriteInputTokens: 5 });
    expect(res.servedBy).toMatchObject({ deployment: 'br', provider: 'bedrock', providerModel: CLAUDE });
    const sent = br.requests.at(-1)!;
    expect(sent.operation).toBe('converse');
    expect(sent.modelId).toBe(CLAUDE);
    expect(sent.authorization).toMatch(/Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
    expect(sent.body.system).toEqual([{ text: 'You are terse.' }]);
    expect(sent.body.inferenceConfig).toEqual({ maxTokens: 200, temperature: 0.3, topP: 0.8, stopSequences: ['\n\nHuman:'] });
  });

  it('round-trips tool use and merges consecutive tool results into one user turn', async () => {
    const tools = [{ name: 'lookup', description: 'Search', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
    const first = await router.chat({ model: 'claude', messages: [{ role: 'user', content: 'find keel' }], tools, toolChoice: 'required' }, opts);
    expect(first.stopReason).toBe('tool_use');
    expect(first.toolCalls[0]).toMatchObject({ name: 'lookup', arguments: { q: 'keel', n: 3 } });
    expect(br.requests.at(-1)!.body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'lookup', description: 'Search', inputSchema: { json: tools[0].inputSchema } } }], toolChoice: { any: {} } });
    const id = first.toolCalls[0].id;
    const second = await router.chat({
      model: 'claude', tools,
      messages: [
        { role: 'user', content: 'find keel' },
        { role: 'assistant', content: '', toolCalls: [first.toolCalls[0], { id: 'tooluse_2', name: 'lookup', arguments: { q: 'x' } }] },
        { role: 'tool', toolCallId: id, content: 'found it' },
        { role: 'tool', toolCallId: 'tooluse_2', content: 'boom', isError: true },
      ],
    }, opts);
    expect(second.content).toBe('tool said found itboom');
    const msgs = br.requests.at(-1)!.body.messages;
    expect(msgs).toHaveLength(3);
    expect(msgs[1]).toEqual({ role: 'assistant', content: [{ toolUse: { toolUseId: id, name: 'lookup', input: { q: 'keel', n: 3 } } }, { toolUse: { toolUseId: 'tooluse_2', name: 'lookup', input: { q: 'x' } } }] });
    expect(msgs[2].content).toEqual([
      { toolResult: { toolUseId: id, content: [{ text: 'found it' }], status: 'success' } },
      { toolResult: { toolUseId: 'tooluse_2', content: [{ text: 'boom' }], status: 'error' } },
    ]);
  });

  it('streams ConverseStream event frames: text, tool use, usage', async () => {
    const events = await collect(router.chatStream({ model: 'claude', messages: [{ role: 'user', content: 'stream me please' }] }, opts));
    expect(br.requests.at(-1)!.operation).toBe('converse-stream');
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(text).toBe('echo: stream me please');
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.response.usage.inputTokens).toBe(115);

    const tools = [{ name: 'lookup', description: 'Search', inputSchema: { type: 'object' } }];
    const withTool = await collect(router.chatStream({ model: 'claude', messages: [{ role: 'user', content: 'x' }], tools }, opts));
    expect(withTool.filter((e) => e.type === 'tool_call')).toMatchObject([{ toolCall: { name: 'lookup', arguments: { q: 'keel', n: 3 } } }]);
    const last = withTool.at(-1)!;
    expect(last.type === 'end' && last.response.stopReason).toBe('tool_use');
  });

  it('classifies exceptions by name, over HTTP and as stream events after 200', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['ThrottlingException', 'throttled', true], ['ServiceUnavailableException', 'unavailable', true],
      ['ModelNotReadyException', 'model_not_ready', true], ['ModelTimeoutException', 'timeout', true],
      ['ModelErrorException', 'model_error', false], ['ValidationException', 'validation', false],
      ['AccessDeniedException', 'access_denied', false], ['ResourceNotFoundException', 'not_found', false],
      ['ServiceQuotaExceededException', 'quota_exceeded', true],
    ];
    for (const [name, kind, retryable] of cases) {
      await br.setFaults({ exception: { name, times: 1 } });
      const err = await router.chat({ model: 'claude', messages: [{ role: 'user', content: 'x' }] }, opts).catch((e) => e);
      expect(err.info.kind, name).toBe(kind);
      expect(err.info.retryable, name).toBe(retryable);
    }
    await br.setFaults({ streamException: { name: 'ModelStreamErrorException', afterTokens: 0, times: 1 } });
    const ev = await collect(router.chatStream({ model: 'claude', messages: [{ role: 'user', content: 'a b c' }] }, opts));
    expect(ev.at(-1)).toMatchObject({ type: 'error', error: { kind: 'model_error' } });
    await br.setFaults({ streamException: { name: 'ThrottlingException', afterTokens: 0, times: 1 } });
    const ev2 = await collect(router.chatStream({ model: 'claude', messages: [{ role: 'user', content: 'a b c' }] }, opts));
    expect(ev2.at(-1)).toMatchObject({ type: 'error', error: { kind: 'throttled' } });
    const bad = await router.chat({ model: 'claude', messages: [{ role: 'user', content: 'x'.repeat(10) }], generation: { maxTokens: 1 } }, opts);
    expect(bad.stopReason).toBe('max_tokens');
    await br.setFaults({});
  });

  it('embeds with Titan and Cohere through InvokeModel and reranks through the Rerank API', async () => {
    const t = await router.embed({ model: 'titan', input: ['alpha', 'beta gamma'], dimensions: 32 }, opts);
    expect(t.vectors).toHaveLength(2);
    expect(br.requests.filter((r) => r.operation === 'invoke' && r.modelId === 'amazon.titan-embed-text-v2:0').at(-1)!.body).toMatchObject({ normalize: true, dimensions: 32 });
    const many = Array.from({ length: 20 }, (_, i) => `text number ${i} ${'x'.repeat(i)}`);
    const m = await router.embed({ model: 'titan', input: many, dimensions: 32 }, opts);
    expect(m.vectors).toEqual(many.map((t) => standinEmbedding(t, 32))); // order kept across parallel calls
    const c = await router.embed({ model: 'cohere', input: ['alpha', 'beta'], inputType: 'query' }, opts);
    expect(c.vectors).toHaveLength(2);
    expect(br.requests.at(-1)!.body).toMatchObject({ texts: ['alpha', 'beta'], input_type: 'search_query' });
    const rr = await router.rerank({ model: 'rerank', query: 'red apple', documents: ['blue sky', 'a red apple', 'grass'], topN: 2 }, opts);
    expect(rr.results.map((r) => r.index)[0]).toBe(1);
    expect(rr.results).toHaveLength(2);
    const sent = br.requests.at(-1)!;
    expect(sent.operation).toBe('rerank');
    expect(sent.body.rerankingConfiguration.bedrockRerankingConfiguration.modelConfiguration.modelArn).toBe('arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0');
  });
});
