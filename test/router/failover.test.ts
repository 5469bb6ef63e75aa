// Failover between deployments: refused connections, 429, 5xx, hangs, slow first tokens,
// non-retryable errors, the fallback hierarchy, the context-window fallback and the deadline.
import { describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { collect, metricValue, streamedText, T1, testRouter, user, closeAfterEach } from './fixtures';
import type { ModelRouter } from '../../services/router';

const cleanup = closeAfterEach();

async function standins(n: number, model = 'm') {
  const list: VllmStandin[] = [];
  for (let i = 0; i < n; i++) {
    const s = await startVllmStandin({ model, respond: () => ({ content: `from ${i}` }) });
    cleanup.push(() => s.close());
    list.push(s);
  }
  return list;
}
const track = (r: ModelRouter) => (cleanup.push(() => r.close()), r);
const dep = (id: string, s: VllmStandin, extra: Record<string, unknown> = {}) => ({ id, provider: 'openai' as const, model: 'm', endpoint: s.url, scrapeMetrics: false, ...extra });
// random() = 0 always picks the first listed candidate, so the faulty one is tried first.
const first = () => 0;

describe('failover', () => {
  it('moves to the next deployment when the first refuses connections, 429s, 5xxs or hangs', async () => {
    const [a, b] = await standins(2);
    const { router: r, registry } = testRouter({ deployments: [dep('a', a, { timeoutMs: 300 }), dep('b', b)], models: { m: { deployments: ['a', 'b'] } }, breaker: { consecutiveFailures: 100 } }, { random: first });
    track(r);
    const faults = [
      [{ refuse: true }, 'connection'],
      [{ rateLimit: { retryAfterS: 7 } }, 'throttled'],
      [{ serverError: { status: 503 } }, 'unavailable'],
      [{ serverError: { status: 500 } }, 'model_error'],
      [{ hang: true }, 'timeout'],
    ] as const;
    for (const [f, kind] of faults) {
      await a.setFaults({ ...f });
      const res = await r.chat({ model: 'm', messages: [user('hi')] }, T1);
      expect(res.content, kind).toBe('from 1');
      expect(res.failovers, kind).toHaveLength(1);
      expect(res.failovers[0].deployment).toBe('a');
      expect(res.failovers[0].error.startsWith(kind), res.failovers[0].error).toBe(true);
      await a.setFaults({});
    }
    expect(await metricValue(registry, 'keel_router_failovers_total', { deployment: 'a' })).toBe(5);
  });

  it('fails over a stream whose first token is too slow, invisibly to the caller', async () => {
    const [a, b] = await standins(2);
    await a.setFaults({ latencyMs: 2_000 });
    const r = track(testRouter({ deployments: [dep('a', a, { ttftTimeoutMs: 100 }), dep('b', b)], models: { m: { deployments: ['a', 'b'] } } }, { random: first }).router);
    const events = await collect(r.chatStream({ model: 'm', messages: [user('hi')] }, T1));
    expect(events.map((e) => e.type)).toEqual(['start', 'choice_start', 'delta', 'delta', 'choice_end', 'end']);
    expect(events[0]).toMatchObject({ servedBy: { deployment: 'b' } });
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.response.failovers[0].error).toMatch(/^timeout: a: no first token within 100 ms/);
  });

  it('fails at once on a non-retryable error without trying other deployments', async () => {
    const [a, b] = await standins(2);
    await a.setFaults({ serverError: { status: 400 } });
    const r = track(testRouter({ deployments: [dep('a', a), dep('b', b)], models: { m: { deployments: ['a', 'b'] } } }, { random: first }).router);
    const err = await r.chat({ model: 'm', messages: [user('hi')] }, T1).catch((e) => e);
    expect(err.info).toMatchObject({ kind: 'validation', retryable: false, deployment: 'a' });
    expect(b.requests).toHaveLength(0);
  });

  it('retries with backoff until attempts run out, then reports every failure', async () => {
    const [a, b] = await standins(2);
    await a.setFaults({ serverError: { status: 503 } });
    await b.setFaults({ serverError: { status: 503, times: 2 } });
    const r = track(testRouter({ deployments: [dep('a', a), dep('b', b)], models: { m: { deployments: ['a', 'b'] } }, retry: { maxAttempts: 6, baseBackoffMs: 1 }, breaker: { consecutiveFailures: 100 } }, { random: first }).router);
    const res = await r.chat({ model: 'm', messages: [user('hi')] }, T1);
    expect(res.content).toBe('from 1');
    expect(res.failovers.map((f) => f.deployment)).toEqual(['a', 'b', 'a', 'b', 'a']);
    await b.setFaults({ serverError: { status: 503 } });
    const err = await r.chat({ model: 'm', messages: [user('hi')] }, T1).catch((e) => e);
    expect(err.info.kind).toBe('unavailable');
    expect(err.message).toMatch(/gave up after 6 attempts/);
  });

  it('keeps every attempt inside the overall deadline', async () => {
    const [a, b] = await standins(2);
    await a.setFaults({ hang: true });
    await b.setFaults({ hang: true });
    const r = track(testRouter({ deployments: [dep('a', a), dep('b', b)], models: { m: { deployments: ['a', 'b'] } } }).router);
    const err = await r.chat({ model: 'm', messages: [user('hi')] }, { ...T1, timeoutMs: 150 }).catch((e) => e);
    expect(err.info.kind).toBe('timeout');
    expect(err.message).toMatch(/deadline/);
  });

  it('falls back to the next logical model of the hierarchy', async () => {
    const [big, small] = await standins(2);
    await big.setFaults({ serverError: { status: 503 } });
    const r = track(testRouter({
      deployments: [dep('big-1', big), dep('small-1', small)],
      models: { large: { deployments: ['big-1'], fallbacks: ['small'] }, small: { deployments: ['small-1'] } },
    }).router);
    const res = await r.chat({ model: 'large', messages: [user('hi')] }, T1);
    expect(res.servedBy).toMatchObject({ logicalModel: 'small', deployment: 'small-1' });
    expect(res.failovers).toHaveLength(1);
  });

  it('uses the context fallback when the prompt does not fit, and reports when nothing fits', async () => {
    const [short, long] = await standins(2);
    const r = track(testRouter({
      deployments: [dep('short-1', short, { contextWindow: 100 }), dep('long-1', long, { contextWindow: 10_000 })],
      models: { chat: { deployments: ['short-1'], contextFallbacks: ['chat-long'] }, 'chat-long': { deployments: ['long-1'] }, tiny: { deployments: ['short-1'] } },
    }).router);
    const fits = await r.chat({ model: 'chat', messages: [user('short prompt')] }, T1);
    expect(fits.servedBy.deployment).toBe('short-1');
    const big = await r.chat({ model: 'chat', messages: [user('word '.repeat(200))] }, T1);
    expect(big.servedBy).toMatchObject({ logicalModel: 'chat-long', deployment: 'long-1' });
    expect(short.requests).toHaveLength(1);
    const err = await r.chat({ model: 'tiny', messages: [user('word '.repeat(200))] }, T1).catch((e) => e);
    expect(err.info).toMatchObject({ kind: 'context_window', retryable: false });
  });

  it('treats a provider context-length error as a reason to try a larger deployment', async () => {
    const [a, b] = await standins(2);
    const r = track(testRouter({
      deployments: [dep('a', a, { contextWindow: 8_000 }), dep('b', b, { contextWindow: 32_000 })],
      models: { chat: { deployments: ['a'], fallbacks: ['chat-32k'] }, 'chat-32k': { deployments: ['b'] } },
    }).router);
    await a.setFaults({ serverError: { status: 400 } });
    const v = await r.chat({ model: 'chat', messages: [user('hi')] }, T1).catch((e) => e);
    expect(v.info.kind).toBe('validation');
    const ctxErr = await startVllmStandin({ model: 'm', maxModelLen: 10 });
    cleanup.push(() => ctxErr.close());
    const r2 = track(testRouter({
      deployments: [dep('c', ctxErr, { contextWindow: 8_000 }), dep('b', b, { contextWindow: 32_000 })],
      models: { chat: { deployments: ['c'], fallbacks: ['chat-32k'] }, 'chat-32k': { deployments: ['b'] } },
    }).router);
    const res = await r2.chat({ model: 'chat', messages: [user('a long prompt '.repeat(10))] }, T1);
    expect(res.servedBy.deployment).toBe('b');
    expect(res.failovers[0].error).toMatch(/^context_window/);
  });

  it('gives up on a context-length error when no larger deployment is left, without another round', async () => {
    const ctxErr = await startVllmStandin({ model: 'm', maxModelLen: 10 });
    cleanup.push(() => ctxErr.close());
    const r = track(testRouter({
      deployments: [dep('c', ctxErr, { contextWindow: 8_000 })], models: { chat: { deployments: ['c'] } }, retry: { maxAttempts: 4 },
    }).router);
    const err = await r.chat({ model: 'chat', messages: [user('a long prompt '.repeat(10))] }, T1).catch((e) => e);
    expect(err.info).toMatchObject({ kind: 'context_window', retryable: false });
    expect(ctxErr.requests).toHaveLength(1);
  });
});
