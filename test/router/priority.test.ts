// Priorities: interactive calls never queue behind batch ones; batch is held, then shed.
import { describe, expect, it } from 'vitest';
import { startVllmStandin, type OpenAIChatBody } from '../support/vllm-standin';
import { deferred, T1, testRouter, until, user, closeAfterEach } from './fixtures';

const cleanup = closeAfterEach();

async function gatedDeployment(extra: Record<string, unknown> = {}) {
  const gates = new Map<string, ReturnType<typeof deferred>>();
  const gate = (k: string) => gates.get(k) ?? (gates.set(k, deferred()), gates.get(k)!);
  const lastText = (b: OpenAIChatBody) => String(b.messages.at(-1)!.content);
  const s = await startVllmStandin({ model: 'm', respond: async (b) => (await gate(lastText(b)).promise, { content: `done ${lastText(b)}` }) });
  const { router } = testRouter({
    deployments: [{ id: 'only', provider: 'openai', model: 'm', endpoint: s.url, maxConcurrency: 4, scrapeMetrics: false }],
    models: { m: { deployments: ['only'] } },
    ...extra,
  });
  cleanup.push(() => router.close(), () => s.close());
  const arrived = () => s.requests.map(lastText);
  const call = (name: string, priority: 'interactive' | 'batch') => router.chat({ model: 'm', messages: [user(name)] }, { ...T1, priority });
  return { router, arrived, release: (k: string) => gate(k).resolve(), call };
}

describe('priority', () => {
  it('lets interactive calls past a batch backlog', async () => {
    const d = await gatedDeployment();
    const batch = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'].map((n) => d.call(n, 'batch'));
    await until(() => d.arrived().length === 3);
    expect(d.arrived()).toEqual(['b0', 'b1', 'b2']); // a quarter of the slots stays free for interactive

    const i0 = d.call('i0', 'interactive');
    await until(() => d.arrived().length === 4);
    expect(d.arrived()[3]).toBe('i0'); // straight into the reserved slot

    const i1 = d.call('i1', 'interactive'); // all four slots busy: i1 waits, ahead of b3..b5
    d.release('b0');
    await until(() => d.arrived().length === 5);
    expect(d.arrived()[4]).toBe('i1');

    for (const n of ['i0', 'i1', 'b1', 'b2', 'b3', 'b4', 'b5']) d.release(n);
    const all = await Promise.all([...batch, i0, i1]);
    expect(all.map((r) => r.content)).toEqual(['done b0', 'done b1', 'done b2', 'done b3', 'done b4', 'done b5', 'done i0', 'done i1']);
    expect(d.arrived().indexOf('i1')).toBeLessThan(d.arrived().indexOf('b3'));
  });

  it('sheds batch calls beyond the queue limit at once, with a clear error', async () => {
    const d = await gatedDeployment({ priority: { batchMaxQueue: 2 } });
    const held = ['b0', 'b1', 'b2', 'b3', 'b4'].map((n) => d.call(n, 'batch'));
    await until(() => d.arrived().length === 3);
    const shed = await d.call('b5', 'batch').catch((e) => e);
    expect(shed.info).toMatchObject({ kind: 'shed', retryable: true });
    expect(shed.message).toMatch(/batch call to 'm' shed: all deployments saturated and 2 batch calls already waiting/);
    const interactive = d.call('i0', 'interactive');
    d.release('i0');
    expect((await interactive).content).toBe('done i0');
    for (const n of ['b0', 'b1', 'b2', 'b3', 'b4']) d.release(n);
    expect(await Promise.all(held)).toHaveLength(5);
  });

  it('holds batch calls for a while, then sheds them', async () => {
    const d = await gatedDeployment({ priority: { batchMaxWaitMs: 50 } });
    const held = ['b0', 'b1', 'b2'].map((n) => d.call(n, 'batch'));
    await until(() => d.arrived().length === 3);
    const late = await d.call('b3', 'batch').catch((e) => e);
    expect(late.info.kind).toBe('shed');
    expect(late.message).toMatch(/shed after waiting 50 ms/);
    for (const n of ['b0', 'b1', 'b2']) d.release(n);
    await Promise.all(held);
  });
});
