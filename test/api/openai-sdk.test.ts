// The official `openai` SDK against a running Keel gateway with stand-in pools (vLLM and Bedrock):
// every OpenAI parameter either reaches the stand-in under the provider's name, or is refused
// with a 400 naming it and the deployments; parse() with a zod schema, the SDK's own stream
// iterator (n = 2 included) and both embedding encodings.
import type { FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routeApp } from '../support/route-app';
import { gatewayRoutes } from '../../services/api/routes/gateway';
import '../../services/api/tenant';
import type { ModelRouter } from '../../services/router';
import { startBedrockStandin, type BedrockStandin } from '../support/bedrock-standin';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter, useStandinAwsCredentials } from '../router/fixtures';

useStandinAwsCredentials();

const PERSON = { name: 'Ada', age: 36 };
const Person = z.object({ name: z.string(), age: z.number().int() });
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF').toString('base64');
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

let vllm: VllmStandin;
let bedrock: BedrockStandin;
let app: FastifyInstance;
let router: ModelRouter;
let client: OpenAI;

beforeAll(async () => {
  vllm = await startVllmStandin({
    model: 'qwen',
    respond: (b) => {
      const last = b.messages.filter((m) => m.role === 'user').at(-1)!.content;
      const text = typeof last === 'string' ? last : (last as unknown as Array<{ type: string; text?: string }>).filter((p) => p.type === 'text').map((p) => p.text).join('');
      const format = b.response_format as { type: string; json_schema?: { name: string } } | undefined;
      if (format) return { content: format.json_schema?.name === 'broken' ? '{"name":1}' : JSON.stringify(PERSON) };
      if (b.tools?.length) return { content: '', toolCalls: [{ name: 'search', arguments: { q: text } }] };
      return { content: `echo: ${text}` };
    },
  });
  bedrock = await startBedrockStandin({
    respond: ({ body }) => {
      if (body.toolConfig?.toolChoice?.tool) return { json: PERSON };
      const last = [...body.messages].reverse().find((m: any) => m.role === 'user');
      return { content: `echo: ${last.content.map((c: any) => c.text ?? '').join('')}` };
    },
  });
  ({ router } = testRouter({
    deployments: [
      { id: 'v', provider: 'openai', model: 'qwen', endpoint: vllm.url, scrapeMetrics: false, capacity: 'on-demand' }, // 'both' prefers b
      { id: 'v-nodims', provider: 'openai', model: 'qwen', endpoint: vllm.url, scrapeMetrics: false, capabilities: { dimensions: false } },
      { id: 'b', provider: 'bedrock', model: CLAUDE, endpoint: bedrock.url, region: 'us-east-1' },
      { id: 'titan', provider: 'bedrock', model: 'amazon.titan-embed-text-v2:0', endpoint: bedrock.url, region: 'us-east-1' },
      { id: 'cohere', provider: 'bedrock', model: 'cohere.embed-english-v3', endpoint: bedrock.url, region: 'us-east-1' },
    ],
    models: {
      vllm: { deployments: ['v'] }, bedrock: { deployments: ['b'] }, both: { deployments: ['b', 'v'] },
      embed: { deployments: ['v'] }, titan: { deployments: ['titan'] }, cohere: { deployments: ['cohere'] }, 'embed-nodims': { deployments: ['v-nodims'] },
    },
    media: { maxImageBytes: 4096 },
  }));
  app = routeApp(() => ({ id: 'acme', name: 'acme', apiKeyId: 'k1', scopes: ['gateway'] }));
  await app.register(gatewayRoutes, { router, prefix: '/v1' });
  const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: `${apiUrl}/v1`, apiKey: 'keel_test', maxRetries: 0 });
});
afterAll(async () => {
  await app?.close();
  await router?.close();
  await vllm?.close();
  await bedrock?.close();
});

const user = (content: OpenAI.ChatCompletionUserMessageParam['content']): OpenAI.ChatCompletionMessageParam[] => [{ role: 'user', content }];
const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];

type APIError = InstanceType<typeof OpenAI.APIError>;

/** The SDK's error for a call Keel refuses. */
async function refusal(call: Promise<unknown>): Promise<APIError> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.APIError);
  return err as APIError;
}

describe('OpenAI SDK → gateway → vLLM (forwarded by name)', () => {
  it('forwards a message name', async () => {
    await client.chat.completions.create({ model: 'vllm', messages: [{ role: 'system', content: 'judge', name: 'rules' }, { role: 'user', content: 'hi', name: 'alice' }] });
    expect(vllm.requests.at(-1)!.messages).toEqual([{ role: 'system', content: 'judge', name: 'rules' }, { role: 'user', content: 'hi', name: 'alice' }]);
  });

  it('forwards n, seed, penalties, logprobs, stop and user, and returns n choices with logprobs', async () => {
    const res = await client.chat.completions.create({
      model: 'vllm', messages: user('hello'), n: 2, seed: 7, presence_penalty: 0.5, frequency_penalty: 0.25,
      logprobs: true, top_logprobs: 2, stop: ['END'], user: 'end-user-1', temperature: 0.3, max_completion_tokens: 50,
    });
    expect(vllm.requests.at(-1)).toMatchObject({
      n: 2, seed: 7, presence_penalty: 0.5, frequency_penalty: 0.25, logprobs: true, top_logprobs: 2, stop: ['END'], user: 'end-user-1', temperature: 0.3, max_tokens: 50,
    });
    expect(res.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([[0, 'echo: hello', 'stop'], [1, 'echo: hello #1', 'stop']]);
    const lp = res.choices[0].logprobs!.content!;
    expect(lp.map((t) => t.token).join('')).toBe('echo: hello');
    expect(lp[0].top_logprobs).toHaveLength(2);
  });

  it('forwards a named tool_choice as a named choice, and parallel_tool_calls', async () => {
    const res = await client.chat.completions.create({
      model: 'vllm', messages: user('find keel'), tools, tool_choice: { type: 'function', function: { name: 'search' } }, parallel_tool_calls: false,
    });
    expect(vllm.requests.at(-1)).toMatchObject({ tool_choice: { type: 'function', function: { name: 'search' } }, parallel_tool_calls: false });
    expect(res.choices[0].message.tool_calls).toMatchObject([{ type: 'function', function: { name: 'search', arguments: '{"q":"find keel"}' } }]);
    const unknownTool = await refusal(client.chat.completions.create({ model: 'vllm', messages: user('x'), tools, tool_choice: { type: 'function', function: { name: 'nope' } } }));
    expect(unknownTool.status).toBe(400);
    expect(unknownTool.message).toMatch(/tool_choice names 'nope'/);
  });

  it('passes response_format on as structured output; parse() returns the parsed object', async () => {
    const parsed = await client.chat.completions.parse({ model: 'vllm', messages: user('who?'), response_format: zodResponseFormat(Person, 'person') });
    expect(parsed.choices[0].message.parsed).toEqual(PERSON);
    const sent = vllm.requests.at(-1)!.response_format as any;
    expect(sent).toMatchObject({ type: 'json_schema', json_schema: { name: 'person', strict: true, schema: { type: 'object', required: ['name', 'age'] } } });
    const obj = await client.chat.completions.create({ model: 'vllm', messages: user('json please'), response_format: { type: 'json_object' } });
    expect(vllm.requests.at(-1)!.response_format).toEqual({ type: 'json_object' });
    expect(JSON.parse(obj.choices[0].message.content!)).toEqual(PERSON);
  });

  it('refuses a strict json_schema answer that does not match (checked before it is returned)', async () => {
    const err = await refusal(client.chat.completions.create({
      model: 'vllm', messages: user('x'),
      response_format: { type: 'json_schema', json_schema: { name: 'broken', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
    }));
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/does not match response_format 'broken'/);
  });

  it('forwards image_url parts (https and data: URLs) as they are, and refuses file parts', async () => {
    const dataUrl = `data:image/png;base64,${PNG_1PX}`;
    await client.chat.completions.create({ model: 'vllm', messages: user([
      { type: 'text', text: 'compare' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
      { type: 'image_url', image_url: { url: dataUrl } },
    ]) });
    expect(vllm.requests.at(-1)!.messages[0].content).toEqual([
      { type: 'text', text: 'compare' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
      { type: 'image_url', image_url: { url: dataUrl } },
    ]);
    const file = await refusal(client.chat.completions.create({ model: 'vllm', messages: user([{ type: 'text', text: 'read' }, { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'a.pdf' } }]) }));
    expect([file.status, file.code, file.param]).toEqual([400, 'unsupported_parameter', 'file (document content part)']);
    expect(file.message).toMatch(/'v'/);
  });

  it('streams with the SDK iterator: no usage chunk unless asked, n = 2 as interleaved choice indexes', async () => {
    const text: string[] = [];
    let chunks = 0;
    for await (const chunk of await client.chat.completions.create({ model: 'vllm', messages: user('one two three'), stream: true })) {
      chunks++;
      text.push(chunk.choices[0].delta.content ?? ''); // every chunk has a choice
      expect(chunk.usage ?? undefined).toBeUndefined();
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.join('')).toBe('echo: one two three');

    const withUsage: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'vllm', messages: user('a'), stream: true, stream_options: { include_usage: true } })) withUsage.push(chunk);
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });

    const byIndex = new Map<number, string>();
    const finishes: Array<[number, string]> = [];
    const order: number[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'vllm', messages: user('x y z'), stream: true, n: 2 })) {
      for (const c of chunk.choices) {
        if (c.delta.content) {
          byIndex.set(c.index, (byIndex.get(c.index) ?? '') + c.delta.content);
          order.push(c.index);
        }
        if (c.finish_reason) finishes.push([c.index, c.finish_reason]);
      }
    }
    expect(Object.fromEntries(byIndex)).toEqual({ 0: 'echo: x y z', 1: 'echo: x y z #1' });
    expect(finishes).toEqual([[0, 'stop'], [1, 'stop']]);
    expect(order.slice(0, 4)).toEqual([0, 1, 0, 1]); // interleaved, as the server sent them
    expect(vllm.requests.at(-1)).toMatchObject({ n: 2, stream: true });
  });
});

describe('OpenAI SDK → gateway → Bedrock Converse (mapped or refused)', () => {
  it('prefixes a message name to its text (Converse has no participant name)', async () => {
    await client.chat.completions.create({ model: 'bedrock', messages: [
      { role: 'user', content: 'hi', name: 'alice' },
      { role: 'assistant', content: 'hello', name: 'bot' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } }], name: 'bob' },
    ] });
    expect(bedrock.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: [{ text: 'alice: hi' }] },
      { role: 'assistant', content: [{ text: 'bot: hello' }] },
      { role: 'user', content: [{ text: 'bob:' }, { image: { format: 'png', source: { bytes: PNG_1PX } } }] },
    ]);
  });

  it('maps stop to stopSequences and a named tool_choice to toolChoice.tool', async () => {
    await client.chat.completions.create({ model: 'bedrock', messages: user('hi'), stop: 'END' });
    expect(bedrock.requests.at(-1)!.body.inferenceConfig).toEqual({ stopSequences: ['END'] });
    await client.chat.completions.create({ model: 'bedrock', messages: user('find'), tools, tool_choice: { type: 'function', function: { name: 'search' } } });
    expect(bedrock.requests.at(-1)!.body.toolConfig.toolChoice).toEqual({ tool: { name: 'search' } });
  });

  it('refuses n, seed, penalties, logprobs, parallel_tool_calls and user with a 400 naming the parameter and the deployment', async () => {
    const cases: Array<[string, Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>]> = [
      ['n', { n: 2 }], ['seed', { seed: 1 }], ['presence_penalty', { presence_penalty: 1 }], ['frequency_penalty', { frequency_penalty: 1 }],
      ['logprobs', { logprobs: true }], ['parallel_tool_calls', { tools, parallel_tool_calls: false }], ['user', { user: 'u' }],
    ];
    const before = bedrock.requests.length;
    for (const [param, extra] of cases) {
      const err = await refusal(client.chat.completions.create({ model: 'bedrock', messages: user('x'), ...extra }));
      expect([err.status, err.code, err.param], param).toEqual([400, 'unsupported_parameter', param]);
      expect(err.message).toContain("deployment 'b'");
    }
    const streamed = await refusal(client.chat.completions.create({ model: 'bedrock', messages: user('x'), n: 2, stream: true }));
    expect([streamed.status, streamed.param]).toEqual([400, 'n']);
    expect(bedrock.requests.length).toBe(before); // refused before any call
  });

  it('skips a deployment that cannot honour a parameter when planning failover', async () => {
    const res = await client.chat.completions.create({ model: 'both', messages: user('q'), seed: 3 }).withResponse();
    expect(res.response.headers.get('x-keel-deployment')).toBe('v');
    expect(vllm.requests.at(-1)).toMatchObject({ seed: 3 });
    const plain = await client.chat.completions.create({ model: 'both', messages: user('q') }).withResponse();
    expect(plain.response.headers.get('x-keel-deployment')).toBe('b');
  });

  it('answers response_format through a forced tool; parse() returns the parsed object, streamed too', async () => {
    const parsed = await client.chat.completions.parse({ model: 'bedrock', messages: user('who?'), response_format: zodResponseFormat(Person, 'person') });
    expect(parsed.choices[0].message.parsed).toEqual(PERSON);
    expect(parsed.choices[0].finish_reason).toBe('stop');
    const sent = bedrock.requests.at(-1)!.body;
    expect(sent.toolConfig.toolChoice).toEqual({ tool: { name: 'person' } });
    expect(sent.toolConfig.tools[0].toolSpec.inputSchema.json).toMatchObject({ type: 'object', required: ['name', 'age'] });

    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'bedrock', messages: user('who?'), stream: true, response_format: { type: 'json_object' } }))
      text += chunk.choices[0]?.delta.content ?? '';
    expect(JSON.parse(text)).toEqual(PERSON);
    expect(bedrock.requests.at(-1)!.body.toolConfig.tools[0].toolSpec).toMatchObject({ name: 'json_response', inputSchema: { json: { type: 'object' } } });

    const withTools = await refusal(client.chat.completions.create({ model: 'bedrock', messages: user('x'), tools, response_format: { type: 'json_object' } }));
    expect([withTools.status, withTools.param]).toEqual([400, 'response_format (together with tools)']);
  });

  it('sends data: URL images as image blocks and file parts as document blocks; refuses URLs and oversized images', async () => {
    await client.chat.completions.create({ model: 'bedrock', messages: user([
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } },
      { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'Q3 report.pdf' } },
    ]) });
    expect(bedrock.requests.at(-1)!.body.messages[0].content).toEqual([
      { text: 'what is this?' },
      { image: { format: 'png', source: { bytes: PNG_1PX } } },
      { document: { format: 'pdf', name: 'Q3 report', source: { bytes: PDF } } },
    ]);
    const url = await refusal(client.chat.completions.create({ model: 'bedrock', messages: user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }]) }));
    expect([url.status, url.code, url.param]).toEqual([400, 'unsupported_parameter', 'image_url (an http(s) URL)']);
    const big = await refusal(client.chat.completions.create({ model: 'bedrock', messages: user([{ type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.alloc(5000).toString('base64')}` } }]) }));
    expect(big.status).toBe(400);
    expect(big.message).toMatch(/5000 bytes is over the 4096-byte limit/);
  });
});

describe('OpenAI SDK embeddings', () => {
  it('returns the same vectors as float and as base64 (the SDK default), and forwards dimensions', async () => {
    const input = ['durable agents', 'model router'];
    const b64 = await client.embeddings.create({ model: 'embed', input });
    const float = await client.embeddings.create({ model: 'embed', input, encoding_format: 'float' });
    expect(b64.data.map((d) => d.embedding)).toEqual(float.data.map((d) => d.embedding.map(Math.fround)));
    expect(float.data[0].embedding).toHaveLength(32);

    const small = await client.embeddings.create({ model: 'embed', input: 'x', dimensions: 8, encoding_format: 'float' });
    expect(small.data[0].embedding).toHaveLength(8);
    expect(vllm.embeddingRequests.at(-1)).toMatchObject({ dimensions: 8, encoding_format: 'float' });

    const titan = await client.embeddings.create({ model: 'titan', input: 'x', dimensions: 256 });
    expect(titan.data[0].embedding).toHaveLength(256);
    expect(bedrock.requests.at(-1)!.body).toMatchObject({ inputText: 'x', dimensions: 256 });

    for (const model of ['cohere', 'embed-nodims']) {
      const err = await refusal(client.embeddings.create({ model, input: 'x', dimensions: 8 }));
      expect([err.status, err.code, err.param], model).toEqual([400, 'unsupported_parameter', 'dimensions']);
    }
  });

  it('refuses parameters the gateway does not know instead of dropping them', async () => {
    const err = await refusal(client.chat.completions.create({ model: 'vllm', messages: user('x'), logit_bias: { 50256: -100 } }));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/logit_bias/);
  });
});
