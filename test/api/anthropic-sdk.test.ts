// POST /v1/messages with the official Anthropic SDK as the client, against the API and router over
// the vLLM stand-in (which records what it is sent); the same stand-in answer streamed through the
// official OpenAI SDK for comparison.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockStandin, type BedrockStandin } from '../support/bedrock-standin';
import { startVllmStandin, type OpenAIChatBody, type VllmStandin } from '../support/vllm-standin';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { useStandinAwsCredentials } from '../router/fixtures';

useStandinAwsCredentials();

let model: VllmStandin;
let bedrock: BedrockStandin;
let p: TestPlatform;
let baseUrl: string;
let anthropic: Anthropic;

const lastUser = (b: OpenAIChatBody) => {
  const c = b.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return typeof c === 'string' ? c : (c as Array<{ type: string; text?: string }>).map((p) => p.text ?? '').join('');
};
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF').toString('base64');
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const LLAMA = 'meta.llama3-1-70b-instruct-v1:0';

beforeAll(async () => {
  model = await startVllmStandin({
    model: TEST_MODEL,
    respond: (b) => {
      const toolResult = b.messages.find((m) => m.role === 'tool');
      if (toolResult) return { content: `it is ${toolResult.content}` };
      if (b.tools?.length) return { toolCalls: [{ name: b.tools[0].function.name, arguments: { city: lastUser(b) } }] };
      return { content: `echo: ${lastUser(b)} and some more words`, usage: { prompt_tokens: 11, completion_tokens: 7 } };
    },
    // Two 4 MB images are ~2.8M tokens by the stand-in's estimate: no context error for those.
    maxModelLen: 10_000_000,
  });
  bedrock = await startBedrockStandin({
    respond: ({ body }) => {
      const last = [...body.messages].reverse().find((m: any) => m.role === 'user');
      return { content: `echo: ${last.content.map((c: any) => c.text ?? '').join('')} END more` };
    },
  });
  p = await startPlatform({
    modelUrl: model.url, worker: 'none', config: {
      router: {
        deployments: [
          { id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false },
          { id: 'claude', provider: 'bedrock', model: CLAUDE, endpoint: bedrock.url, region: 'us-east-1' },
          { id: 'llama', provider: 'bedrock', model: LLAMA, endpoint: bedrock.url, region: 'us-east-1' },
        ],
        models: { [TEST_MODEL]: { deployments: ['standin'] }, claude: { deployments: ['claude'] }, llama: { deployments: ['llama'] } },
      } as never,
    },
  });
  baseUrl = await p.api.listen({ port: 0, host: '127.0.0.1' });
  anthropic = new Anthropic({ baseURL: baseUrl, apiKey: p.tenant.key, maxRetries: 0 });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
  await bedrock?.close();
});

const weather = { name: 'weather', description: 'Weather by city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

describe('Anthropic Messages API through the official SDK', () => {
  it('answers a text message with the system prompt and parameters forwarded', async () => {
    // The SDK speaks anthropic-version 2026-10-21, which has no sampling parameters: 2023-06-01 has them.
    const sampling = { temperature: 0.3, top_p: 0.8, top_k: 20 } as object;
    const msg = await anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 50, system: 'You are terse.', stop_sequences: ['STOP'],
      metadata: { user_id: 'user-7' }, messages: [{ role: 'user', content: 'hello' }], ...sampling,
    }, { headers: { 'x-trace-id': 'trace-a1', 'anthropic-version': '2023-06-01' } });
    expect(msg).toMatchObject({
      type: 'message', role: 'assistant', model: TEST_MODEL, stop_reason: 'end_turn', stop_sequence: null,
      content: [{ type: 'text', text: 'echo: hello and some more words' }], usage: { input_tokens: 11, output_tokens: 7 },
    });
    expect(msg.id).toMatch(/^msg_/);
    const sent = model.requests.at(-1)!;
    expect(sent.messages).toEqual([{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'hello' }]);
    expect(sent).toMatchObject({ max_tokens: 50, temperature: 0.3, top_p: 0.8, top_k: 20, stop: ['STOP'], user: 'user-7' });

    const raw = await anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-trace-id': 'trace-a2' } }).withResponse();
    expect(raw.response.headers.get('x-trace-id')).toBe('trace-a2');
    expect(raw.data.stop_reason).toBe('max_tokens');
  });

  it('round-trips a tool call: tool_use out, tool_result back in', async () => {
    const first = await anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 100, tools: [weather], tool_choice: { type: 'tool', name: 'weather' }, messages: [{ role: 'user', content: 'Oslo' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use')!;
    expect(use).toMatchObject({ type: 'tool_use', name: 'weather', input: { city: 'Oslo' } });
    expect(model.requests.at(-1)).toMatchObject({ tool_choice: { type: 'function', function: { name: 'weather' } }, tools: [{ type: 'function', function: { name: 'weather', parameters: weather.input_schema } }] });

    const second = await anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 100, tools: [weather],
      messages: [
        { role: 'user', content: 'Oslo' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: (use as Anthropic.ToolUseBlock).id, content: 'rainy' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'it is rainy' }]);
    const sent = model.requests.at(-1)!;
    expect(sent.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: (use as Anthropic.ToolUseBlock).id, function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] });
    expect(sent.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: (use as Anthropic.ToolUseBlock).id, content: 'rainy' });
  });

  it('streams Anthropic events that assemble into the same text as the OpenAI stream', async () => {
    const stream = anthropic.messages.stream({ model: TEST_MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'one two three' }] });
    const types: string[] = [];
    let deltas = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') deltas += ev.delta.text;
    }
    const final = await stream.finalMessage();
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start'); // the SDK's iterator does not yield ping events
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(final).toMatchObject({ stop_reason: 'end_turn', usage: { output_tokens: 7 }, content: [{ type: 'text', text: deltas }] });

    const openai = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: p.tenant.key, maxRetries: 0 });
    let openaiText = '';
    for await (const chunk of await openai.chat.completions.create({ model: TEST_MODEL, stream: true, messages: [{ role: 'user', content: 'one two three' }] }))
      openaiText += chunk.choices[0]?.delta?.content ?? '';
    expect(deltas).toBe('echo: one two three and some more words');
    expect(openaiText).toBe(deltas);
  });

  it('streams a tool call as a tool_use block with input_json_delta', async () => {
    const stream = anthropic.messages.stream({ model: TEST_MODEL, max_tokens: 100, tools: [weather], messages: [{ role: 'user', content: 'Bergen' }] });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toMatchObject([{ type: 'tool_use', name: 'weather', input: { city: 'Bergen' } }]);
  });

  it("answers errors in Anthropic's shape with Anthropic's types", async () => {
    const err = (promise: Promise<unknown>) => promise.then(() => expect.unreachable(), (e) => e as InstanceType<typeof Anthropic.APIError>);

    const unknown = await err(anthropic.messages.create({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect(unknown.error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });

    const invalid = await err(anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [] }));
    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
    expect(invalid.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/messages/) } });

    const image = await err(anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } }] as never }],
    }));
    expect(image).toBeInstanceOf(Anthropic.BadRequestError);
    expect(image.message).toMatch(/messages\.1\.content\.0: image blocks belong in user messages/);

    const badKey = new Anthropic({ baseURL: baseUrl, apiKey: 'keel_wrong', maxRetries: 0 });
    const auth = await err(badKey.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }));
    expect(auth).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(auth.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const sampling = await err(anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }], ...({ temperature: 0.5 } as object) }));
    expect(sampling).toBeInstanceOf(Anthropic.BadRequestError);
    expect(sampling.message).toMatch(/temperature: not a parameter in anthropic-version 2026-10-21/);

    const version = await err(anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'anthropic-version': '2020-01-01' } }));
    expect(version).toBeInstanceOf(Anthropic.BadRequestError);
    expect(version.message).toMatch(/anthropic-version/);

    await model.setFaults({ serverError: { status: 503 } });
    const down = await err(anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).finally(() => model.setFaults({}));
    expect(down.status).toBe(503);
    expect(down.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('accepts a request without anthropic-version (the 2023-06-01 default)', async () => {
    const res = await fetch(`${baseUrl}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': p.tenant.key },
      body: JSON.stringify({ model: TEST_MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'plain' }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'echo: plain and some more words' }] });
  });

  it('sends the SSE events in Anthropic order on the wire (ping included)', async () => {
    const res = await fetch(`${baseUrl}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': p.tenant.key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: TEST_MODEL, max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'a b' }] }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const names = (await res.text()).split('\n\n').filter(Boolean).map((b) => /^event: (.*)$/m.exec(b)![1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(new Set(names.slice(3, -3))).toEqual(new Set(['content_block_delta']));
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('sends an image block to the vLLM stand-in as an image_url data URL; a PDF document is refused there (no file parts)', async () => {
    await anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 20, messages: [{ role: 'user', content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } },
      ] }],
    });
    expect(model.requests.at(-1)!.messages.at(-1)).toEqual({ role: 'user', content: [
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } },
    ] });
    const before = model.requests.length;
    const pdf = await anthropic.messages.create({
      model: TEST_MODEL, max_tokens: 20, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } }] }],
    }).then(() => expect.unreachable(), (e) => e as InstanceType<typeof Anthropic.APIError>);
    expect(pdf).toBeInstanceOf(Anthropic.BadRequestError);
    expect(pdf.message).toMatch(/file \(document content part\).*'standin'/);
    expect(model.requests.length).toBe(before);
  });

  it('returns the stop sequence the vLLM stand-in matched, unary and streamed', async () => {
    const msg = await anthropic.messages.create({ model: TEST_MODEL, max_tokens: 50, stop_sequences: ['more'], messages: [{ role: 'user', content: 'hi' }] });
    expect(msg).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'more', content: [{ type: 'text', text: 'echo: hi and some ' }] });
    const stream = anthropic.messages.stream({ model: TEST_MODEL, max_tokens: 50, stop_sequences: ['zzz', 'some'], messages: [{ role: 'user', content: 'hi' }] });
    expect(await stream.finalMessage()).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'some' });
  });

  it('lets two 4 MB images through the body limit to the media checks and the deployment', async () => {
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: Buffer.alloc(4_000_000, 7).toString('base64') } };
    await anthropic.messages.create({ model: TEST_MODEL, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'two' }, image, image] }] });
    const parts = model.requests.at(-1)!.messages.at(-1)!.content as unknown as Array<{ type: string; image_url?: { url: string } }>;
    expect(parts.filter((part) => part.type === 'image_url').map((part) => part.image_url!.url.length)).toEqual([2, 2].map(() => `data:image/png;base64,${image.source.data}`.length));

    // Over the per-image limit (5 MiB), still under the body limit: the router's media check answers, not a 413.
    const big = `data:image/png;base64,${Buffer.alloc(5_500_000, 7).toString('base64')}`;
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.tenant.key}` },
      body: JSON.stringify({ model: TEST_MODEL, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: big } }, { type: 'image_url', image_url: { url: big } }] }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/5500000 bytes is over the 5242880-byte limit per image/);
  });
});

describe('Anthropic Messages API → Bedrock Converse', () => {
  it('sends image and PDF document blocks as Converse image / document bytes, and refuses image URLs', async () => {
    await anthropic.messages.create({
      model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: [
        { type: 'text', text: 'compare' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'Q3 report' },
      ] }],
    });
    expect(bedrock.requests.at(-1)!.body.messages[0].content).toEqual([
      { text: 'compare' },
      { image: { format: 'png', source: { bytes: PNG_1PX } } },
      { document: { format: 'pdf', name: 'Q3 report', source: { bytes: PDF } } },
    ]);
    const url = await anthropic.messages.create({
      model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }],
    }).then(() => expect.unreachable(), (e) => e as InstanceType<typeof Anthropic.APIError>);
    expect(url).toBeInstanceOf(Anthropic.BadRequestError);
    expect(url.message).toMatch(/image_url \(an http\(s\) URL\)' is not supported by deployment 'claude'/);
  });

  it('maps a named tool choice, top_k and stop sequences for Claude; leaves metadata.user_id out; returns the matched stop sequence', async () => {
    const msg = await anthropic.messages.create({
      model: 'claude', max_tokens: 50, stop_sequences: ['END'], metadata: { user_id: 'user-7' }, messages: [{ role: 'user', content: 'hi' }], ...({ top_k: 5 } as object),
    }, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(msg).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END', content: [{ type: 'text', text: 'echo: hi ' }] });
    const sent = bedrock.requests.at(-1)!.body;
    expect(sent).toMatchObject({ inferenceConfig: { maxTokens: 50, stopSequences: ['END'] }, additionalModelRequestFields: { top_k: 5 }, additionalModelResponseFieldPaths: ['/stop_sequence'] });
    expect(JSON.stringify(sent)).not.toContain('user-7');

    const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 50, stop_sequences: ['END'], messages: [{ role: 'user', content: 'hi' }] });
    expect(await stream.finalMessage()).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });

    await anthropic.messages.create({ model: 'claude', max_tokens: 50, tools: [weather], tool_choice: { type: 'tool', name: 'weather' }, messages: [{ role: 'user', content: 'Oslo' }] });
    expect(bedrock.requests.at(-1)!.body.toolConfig.toolChoice).toEqual({ tool: { name: 'weather' } });
  });

  it('refuses top_k for a non-Anthropic Bedrock model and disable_parallel_tool_use on Bedrock, naming the parameter and deployment', async () => {
    const before = bedrock.requests.length;
    const err = (promise: Promise<unknown>) => promise.then(() => expect.unreachable(), (e) => e as InstanceType<typeof Anthropic.APIError>);
    const topK = await err(anthropic.messages.create({ model: 'llama', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], ...({ top_k: 5 } as object) }, { headers: { 'anthropic-version': '2023-06-01' } }));
    expect(topK).toBeInstanceOf(Anthropic.BadRequestError);
    expect(topK.message).toMatch(/'top_k' is not supported by deployment 'llama'/);
    const parallel = await err(anthropic.messages.create({ model: 'claude', max_tokens: 5, tools: [weather], tool_choice: { type: 'auto', disable_parallel_tool_use: true }, messages: [{ role: 'user', content: 'x' }] }));
    expect(parallel.message).toMatch(/'parallel_tool_calls' is not supported by deployment 'claude'/);
    expect(bedrock.requests.length).toBe(before);
  });
});
