// The pushed form of a chat stream (`chatStreamTo`) and its iterable adapter for other routers.
import { afterEach, describe, expect, it } from 'vitest';
import { pushFromIterable, type ChatRequest, type ChatStreamEvent, type ChatStreamSink, type ModelRouter, type RouteOptions } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { deferred, testRouter, until } from './fixtures';

const T1: RouteOptions = { tenantId: 't1' };
const req: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'one two three four five six' }] };

/** A sink that records events and flushes, and resolves once a terminal event arrived. */
function recorder(onEvent?: (ev: ChatStreamEvent, n: number) => void) {
  const events: ChatStreamEvent[] = [];
  const done = deferred();
  let flushes = 0;
  const sink: ChatStreamSink = {
    event(ev) {
      events.push(ev);
      onEvent?.(ev, events.length);
      if (ev.type === 'end' || ev.type === 'error') done.resolve();
    },
    flush: () => void flushes++,
  };
  return { sink, events, done: done.promise, flushes: () => flushes };
}
const text = (events: ChatStreamEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');

let vllm: VllmStandin | undefined;
afterEach(async () => {
  await vllm?.close();
  vllm = undefined;
});

async function setup(tokenDelayMs = 0) {
  vllm = await startVllmStandin({ model: 'qwen' });
  if (tokenDelayMs) await vllm.setFaults({ tokenDelayMs });
  return testRouter({ deployments: [{ id: 'v', provider: 'openai', model: 'qwen', endpoint: vllm.url, scrapeMetrics: false }], models: { m: { deployments: ['v'] } } }).router;
}

describe('chatStreamTo', () => {
  it('pushes start, every delta and one end, flushing after each upstream read', async () => {
    const router = await setup();
    const r = recorder();
    router.chatStreamTo!(req, T1, r.sink);
    await r.done;
    expect(r.events[0]).toMatchObject({ type: 'start', servedBy: { deployment: 'v' } });
    expect(r.events.at(-1)).toMatchObject({ type: 'end', response: { content: 'echo: one two three four five six', stopReason: 'end_turn' } });
    expect(r.events.filter((e) => e.type === 'end' || e.type === 'error')).toHaveLength(1);
    expect(text(r.events)).toBe('echo: one two three four five six');
    expect(r.flushes()).toBeGreaterThan(0);
    await router.close();
  });

  it('still delivers every delta after a pause, once resumed', async () => {
    const router = await setup(2);
    const resumed = deferred();
    const r = recorder((ev) => {
      if (ev.type === 'start') {
        control.pause();
        setTimeout(() => {
          control.resume();
          resumed.resolve();
        }, 30);
      }
    });
    const control = router.chatStreamTo!(req, T1, r.sink);
    await resumed.promise;
    await r.done;
    expect(text(r.events)).toBe('echo: one two three four five six');
    expect(r.events.at(-1)!.type).toBe('end');
    await router.close();
  });

  it('stop() ends the stream quietly: no more events, the slot is freed and the deployment not blamed', async () => {
    const router = await setup(5);
    const firstDelta = deferred();
    const r = recorder((ev) => ev.type === 'delta' && firstDelta.resolve());
    const control = router.chatStreamTo!(req, T1, r.sink);
    await firstDelta.promise;
    control.stop();
    const seen = r.events.length;
    await until(() => router.health!()[0].inFlight === 0);
    await new Promise((res) => setTimeout(res, 50)); // the rest of the answer would have arrived by now
    expect(r.events).toHaveLength(seen);
    expect(r.events.some((e) => e.type === 'end' || e.type === 'error')).toBe(false);
    expect(router.health!()[0]).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
    await router.close();
  });

  it('cancel() ends the stream with a cancelled error event, like an aborted signal', async () => {
    const router = await setup(5);
    const firstDelta = deferred();
    const r = recorder((ev) => ev.type === 'delta' && firstDelta.resolve());
    const control = router.chatStreamTo!(req, T1, r.sink);
    await firstDelta.promise;
    control.cancel();
    await r.done;
    expect(r.events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    expect(router.health!()[0]).toMatchObject({ inFlight: 0, consecutiveFailures: 0 });
    await router.close();
  });
});

describe('pushFromIterable', () => {
  it('drives a router without a push form into the sink, and cancels through the signal it adds', async () => {
    let signal: AbortSignal | undefined;
    const fake: ModelRouter = {
      chatStream: async function* (_r, options) {
        signal = options.signal;
        yield { type: 'start', servedBy: { logicalModel: 'm', deployment: 'f', provider: 'openai', providerModel: 'x' } };
        yield { type: 'delta', text: 'a' };
        yield { type: 'delta', text: 'b' };
        if (!options.signal!.aborted) await new Promise<void>((resolve) => options.signal!.addEventListener('abort', () => resolve(), { once: true }));
        yield { type: 'error', error: { kind: 'cancelled', message: 'cancelled by caller', retryable: false } };
      },
      chat: async () => { throw new Error('unused'); },
      embed: async () => { throw new Error('unused'); },
      rerank: async () => { throw new Error('unused'); },
      listModels: () => [],
      close: async () => undefined,
    };
    const twoDeltas = deferred();
    const r = recorder((ev, n) => n === 3 && twoDeltas.resolve());
    const control = pushFromIterable(fake, req, T1, r.sink);
    await twoDeltas.promise;
    expect(text(r.events)).toBe('ab');
    control.cancel();
    await r.done;
    expect(signal!.aborted).toBe(true);
    expect(r.events.map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'error']);
  });
});
