// The model activity streams: text deltas reach the bus in order and concatenate into exactly the
// step's text, through a mid-stream failover too.
import { describe, expect, it, vi } from 'vitest';
import { startVllmStandin } from '../support/vllm-standin';
import { RecordingBus } from '../support/recording-bus';
import { closeAfterEach, testRouter } from '../router/fixtures';
import { modelActivities } from '../../activities/model';
import { DeltaPublisher } from '../../activities/model-stream';
import type { RunStreamMessage } from '../../services/bus/types';

const FULL = 'The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun. '.repeat(4);
const cleanup = closeAfterEach();

async function routerOver(count: number) {
  const standins = await Promise.all(Array.from({ length: count }, () => startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) })));
  cleanup.push(...standins.map((s) => () => s.close()));
  const { router } = testRouter({
    deployments: standins.map((s, i) => ({ id: `d${i}`, provider: 'openai' as const, model: 'm', endpoint: s.url, scrapeMetrics: false })),
    models: { m: { deployments: standins.map((_, i) => `d${i}`) } },
  }, { random: () => 0 });
  cleanup.push(() => router.close());
  return { router, standins };
}

const deltasOf = (bus: RecordingBus) => bus.published.filter((m): m is Extract<RunStreamMessage, { kind: 'delta' }> => m.kind === 'delta');

function callInput(stream = true) {
  return {
    tenantId: 't1', runId: 'run_a', step: 2, priority: 'interactive' as const,
    request: { model: 'm', messages: [{ role: 'user' as const, content: 'tell me' }] },
    ...(stream ? { stream: { afterEventId: 7 } } : {}),
  };
}

describe('streamed model calls', () => {
  it('publishes the text as ordered deltas that concatenate into the response', async () => {
    const { router } = await routerOver(1);
    const bus = new RecordingBus();
    const response = await modelActivities({ router, bus }).callModel(callInput());
    expect(response.content).toBe(FULL);
    const deltas = deltasOf(bus);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((d) => d.text).join('')).toBe(FULL);
    let offset = 0;
    for (const d of deltas) {
      expect(d).toMatchObject({ runId: 'run_a', step: 2, afterEventId: 7, offset });
      offset += d.text.length;
    }
  });

  it('continues the text across a mid-stream failover without losing or repeating a character', async () => {
    const { router, standins } = await routerOver(2);
    await standins[0].setFaults({ disconnectAfterTokens: 6 });
    const bus = new RecordingBus();
    const response = await modelActivities({ router, bus }).callModel(callInput());
    expect(response.servedBy.deployment).toBe('d1');
    expect(response.content).toBe(FULL);
    expect(deltasOf(bus).map((d) => d.text).join('')).toBe(FULL);
  });

  it('asks the model while the step start is recorded, and publishes no delta before the record', async () => {
    const { router, standins } = await routerOver(1);
    const bus = new RecordingBus();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const store = {
      runs: {
        recordModelWait: async () => undefined,
        recordProgress: async () => {
          order.push('record started');
          await held;
          order.push('record done');
        },
      },
    };
    const progress = { events: [{ id: 7, type: 'step.started', at: new Date().toISOString(), data: { index: 2 } }], steps: [{ index: 2 }] };
    const calling = modelActivities({ router, bus, store: store as never }).callModel({ ...callInput(), progress });
    await vi.waitFor(() => expect(standins[0].requests.length).toBe(1)); // the model was asked before the record ended
    const beforeRelease = bus.published.filter((m) => m.kind === 'delta').length;
    release();
    const response = await calling;
    expect(order).toEqual(['record started', 'record done']);
    expect(beforeRelease).toBe(0);
    expect(bus.published[0]).toMatchObject({ kind: 'event', event: { id: 7, type: 'step.started' } });
    expect(deltasOf(bus).map((d) => d.text).join('')).toBe(response.content);
  });

  it('fails the call when the step start cannot be recorded, after the answer', async () => {
    const { router } = await routerOver(1);
    const store = { runs: { recordModelWait: async () => undefined, recordProgress: async () => { throw new Error('store down'); } } };
    const progress = { events: [{ id: 7, type: 'step.started', at: new Date().toISOString(), data: {} }], steps: [{ index: 2 }] };
    await expect(modelActivities({ router, bus: new RecordingBus(), store: store as never }).callModel({ ...callInput(), progress })).rejects.toThrow('store down');
  });

  it('does not stream calls that do not ask to', async () => {
    const { router } = await routerOver(1);
    const bus = new RecordingBus();
    const response = await modelActivities({ router, bus }).callModel(callInput(false));
    expect(response.content).toBe(FULL);
    expect(bus.published).toHaveLength(0);
  });
});

describe('DeltaPublisher', () => {
  it('sends the first piece at once, then coalesces by size and keeps offsets exact', async () => {
    const bus = new RecordingBus();
    const deltas = new DeltaPublisher({ runId: 'r', step: 0, afterEventId: 1, publish: (m) => bus.publish(m) }, { intervalMs: 10_000, maxChars: 10 });
    deltas.add('a');
    await Promise.resolve();
    expect(deltasOf(bus).map((d) => d.text)).toEqual(['a']);
    for (const piece of ['bcd', 'efg', 'hij', 'klm']) deltas.add(piece); // the fourth piece reaches 10 characters
    deltas.add('no');
    await deltas.close(); // sends the rest
    expect(deltasOf(bus).map((d) => [d.offset, d.text])).toEqual([[0, 'a'], [1, 'bcdefghijklm'], [13, 'no']]);
  });

  it('never fails the call when the bus refuses a delta', async () => {
    const errors: unknown[] = [];
    const deltas = new DeltaPublisher({
      runId: 'r', step: 0, afterEventId: 1,
      publish: async () => { throw new Error('broker down'); },
      onPublishError: (err) => errors.push(err),
    });
    deltas.add('hello');
    await expect(deltas.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
