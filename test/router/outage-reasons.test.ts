// What the router tells the layers above when it gives up: each deployment's reason, and while
// every breaker is open it fails at once, without provider calls, saying when to come back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RouterError } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter } from './fixtures';

let a: VllmStandin;
let b: VllmStandin;

beforeAll(async () => {
  a = await startVllmStandin({ model: 'm' });
  b = await startVllmStandin({ model: 'm' });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e as RouterError);

it('gives up with each deployment\'s last reason, then fails fast while every breaker is open, with Retry-After', async () => {
  const { router } = testRouter({
    deployments: [
      { id: 'a', provider: 'openai', model: 'm', endpoint: a.url, scrapeMetrics: false },
      { id: 'b', provider: 'openai', model: 'm', endpoint: b.url, scrapeMetrics: false },
    ],
    models: { m: { deployments: ['a', 'b'] } },
    retry: { maxAttempts: 2, baseBackoffMs: 1, maxBackoffMs: 2 },
    breaker: { consecutiveFailures: 1, cooldownMs: 20_000 },
  });
  try {
    await a.setFaults({ serverError: { status: 503 } });
    await b.setFaults({ refuse: true });
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
    const first = await failure(router.chat(request, { tenantId: 't' }));
    expect(first).toBeInstanceOf(RouterError);
    expect(first.info.reasons).toEqual(expect.arrayContaining([
      { deployment: 'a', reason: expect.stringMatching(/^unavailable: /) },
      { deployment: 'b', reason: expect.stringMatching(/^connection: /) },
    ]));
    const calls = a.requests.length;
    const open = await failure(router.chat(request, { tenantId: 't' }));
    expect(open.kind).toBe('no_deployment');
    expect(a.requests.length).toBe(calls);
    expect(open.info.retryAfterS).toBeGreaterThan(15);
    expect(open.info.retryAfterS).toBeLessThanOrEqual(20);
    expect(open.info.reasons).toEqual(expect.arrayContaining([
      { deployment: 'a', reason: expect.stringMatching(/^circuit breaker open \(last error: /) },
      { deployment: 'b', reason: expect.stringMatching(/^circuit breaker open/) },
    ]));
  } finally {
    await router.close();
  }
});
