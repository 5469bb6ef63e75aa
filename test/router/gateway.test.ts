// The OpenAI-compatible gateway and /metrics as fastify plugins, over real HTTP.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { routeApp } from '../support/route-app';
import { gatewayRoutes } from '../../services/api/routes/gateway';
import { metricsRoutes } from '../../services/api/routes/metrics';
import '../../services/api/tenant';
import type { ModelRouter } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter, until } from './fixtures';

let vllm: VllmStandin;
let app: FastifyInstance;
let base: string;
let router: ModelRouter;
let registry: import('prom-client').Registry;

beforeAll(async () => {
  vllm = await startVllmStandin({
    model: 'qwen',
    respond: (b) => {
      const last = String(b.messages.filter((m) => m.role === 'user').at(-1)!.content);
      if (b.tools?.length) return { content: '', toolCalls: [{ name: 'search', arguments: { q: last } }] };
      return { content: `echo: ${last}`, usage: { prompt_tokens: 7, completion_tokens: 5 } };
    },
  });
  ({ router, registry } = testRouter({
    deployments: [{ id: 'v', provider: 'openai', model: 'qwen', endpoint: vllm.url, scrapeMetrics: false }],
    models: { chat: { deployments: ['v'] }, embed: { deployments: ['v'] } },
    limits: { tenants: { limited: { requestsPerMinute: 1 } } },
    breaker: { consecutiveFailures: 1_000 }, // the fault tests below must not open it for the rest
  }));
  app = routeApp((req) => {
    const id = String(req.headers['x-test-tenant'] ?? 'acme');
    return { id, name: id, apiKeyId: 'k1', scopes: ['admin'] };
  });
  await app.register(metricsRoutes, { registry });
  await app.register(gatewayRoutes, { router, prefix: '/v1' });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  await router?.close();
  await vllm?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function sse(text: string) {
  return text.split('\n\n').filter(Boolean).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
    return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
  });
}

describe('gateway', () => {
  it('answers chat completions in the OpenAI shape and echoes X-Trace-Id', async () => {
    const res = await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'hello' }] }], max_tokens: 20 }, { 'x-trace-id': 'trace-123' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-trace-id']).toBe('trace-123');
    expect(res.headers['x-keel-deployment']).toBe('v');
    const body: any = await res.body.json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'chat', choices: [{ index: 0, message: { role: 'assistant', content: 'echo: hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 } });
    expect(vllm.requests.at(-1)).toMatchObject({ max_tokens: 20 });
  });

  it('streams SSE chunks with tool calls, a finish reason, a final usage chunk and [DONE]', async () => {
    const res = await post('/v1/chat/completions', { model: 'chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'one two three' }] });
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    const events = sse(await res.body.text());
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => e.data);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('echo: one two three');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 } });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);

    // Without stream_options.include_usage every chunk has a choice (no trailing `choices: []`).
    const plain = sse(await (await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'one' }] })).body.text());
    expect(plain.at(-1)!.data).toBe('[DONE]');
    expect(plain.slice(0, -1).every((e) => e.data.choices.length === 1 && !e.data.usage)).toBe(true);
    expect(plain.at(-2)!.data.choices[0].finish_reason).toBe('stop');

    const tools = await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'find' }], tools: [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }] });
    const tchunks = sse(await tools.body.text()).slice(0, -1).map((e) => e.data);
    const calls = tchunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(calls).toMatchObject([{ index: 0, type: 'function', function: { name: 'search', arguments: '{"q":"find"}' } }]);
    expect(tchunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('tool_calls');
  });

  it('ends a stream that fails after output with an explicit error event', async () => {
    await vllm.setFaults({ disconnectAfterTokens: 2 });
    // Every attempt (4 by default) is cut after two tokens: continuation cannot finish the text.
    const res = await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'a b c d e f g h i j' }] });
    const events = sse(await res.body.text());
    await vllm.setFaults({});
    expect(res.statusCode).toBe(200);
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data.error).toMatchObject({ type: 'connection' });
    expect(events.filter((e) => e.data?.choices?.[0]?.delta?.content).map((e) => e.data.choices[0].delta.content).join('')).toBe('echo: a b c d e f g');

    await vllm.setFaults({ disconnectAfterTokens: { tokens: 2, times: 1 } });
    const optOut = await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'a b c' }] }, { 'x-mid-stream-continuation': 'off' });
    const cut = sse(await optOut.body.text());
    await vllm.setFaults({});
    expect(cut.at(-1)!.event).toBe('error');
    expect(cut.at(-1)!.data.error.message).toMatch(/continuation disabled/);
  });

  it('cancels the upstream call when the client goes away mid-stream', async () => {
    await vllm.setFaults({ tokenDelayMs: 30 });
    const before = router.health!()[0].consecutiveFailures;
    const res = await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'w '.repeat(100) }] }, {});
    const reader = res.body[Symbol.asyncIterator]();
    await reader.next();
    res.body.destroy();
    await until(() => router.health!()[0].inFlight === 0);
    await vllm.setFaults({});
    expect(router.health!()[0]).toMatchObject({ breaker: 'closed', consecutiveFailures: before }); // not blamed
    const ok = await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'still fine' }] });
    expect(ok.statusCode).toBe(200);
    await ok.body.dump();
  });

  it('maps router failures to JSON errors with the right status', async () => {
    const unknown = await post('/v1/chat/completions', { model: 'nope', messages: [{ role: 'user', content: 'x' }] });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toMatchObject({ error: { code: 'model_not_found' } });
    const bad = await post('/v1/chat/completions', { model: 'chat', messages: [] });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const prio = await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'x' }] }, { 'x-priority': 'urgent' });
    expect(prio.statusCode).toBe(400);
    await prio.body.dump();
    await (await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'x' }] }, { 'x-test-tenant': 'limited' })).body.dump();
    const limited = await post('/v1/chat/completions', { model: 'chat', stream: true, messages: [{ role: 'user', content: 'x' }] }, { 'x-test-tenant': 'limited' });
    expect(limited.statusCode, await limited.body.text().then((t) => ((limited as any).text = t))).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse((limited as any).text)).toMatchObject({ error: { code: 'rate_limited' } });
    const limitedJson = await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'x' }] }, { 'x-test-tenant': 'limited' });
    expect(limitedJson.statusCode).toBe(429);
    expect(Number(limitedJson.headers['retry-after'])).toBeGreaterThan(0);
    expect(await limitedJson.body.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.any(String) } });
    await vllm.setFaults({ serverError: { status: 503 } });
    const down = await post('/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    await vllm.setFaults({});
    expect(down.statusCode).toBe(503);
    expect(await down.body.json()).toMatchObject({ error: { code: 'unavailable', details: { retryable: true } } });
  });

  it('serves embeddings and the model list', async () => {
    const e = await post('/v1/embeddings', { model: 'embed', input: ['a b', 'c'] });
    const body: any = await e.body.json();
    expect(body.data).toHaveLength(2);
    expect(body.data[1]).toMatchObject({ object: 'embedding', index: 1 });
    const m = await request(`${base}/v1/models`);
    expect(await m.body.json()).toMatchObject({ object: 'list', data: [{ id: 'chat', object: 'model' }, { id: 'embed' }] });
  });

  it('exposes router metrics in Prometheus text', async () => {
    const res = await request(`${base}/metrics`);
    const text = await res.body.text();
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(text).toMatch(/keel_router_requests_total\{deployment="v",model="chat",operation="chat",outcome="ok"\} \d+/);
    expect(text).toMatch(/keel_router_time_to_first_token_seconds_bucket\{le="[^"]+",deployment="v"\}/);
    expect(text).toMatch(/keel_router_tokens_total\{deployment="v",direction="output"\} \d+/);
    expect(text).toMatch(/keel_router_breaker_state\{deployment="v"\} 0/);
    expect(text).toMatch(/keel_router_in_flight\{deployment="v"\} 0/);
    expect(text).toMatch(/keel_router_failovers_total\{deployment="v",kind="connection"\} [1-9]/);
  });
});
