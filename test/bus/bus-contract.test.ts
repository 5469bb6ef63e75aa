// The stream bus contract, against the in-process bus and against NATS (a real nats-server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNatsBus, inProcessBus, runIdToken, type RunStreamMessage, type StreamBus } from '../../services/bus';
import { startNatsServer, type NatsServer } from '../support/nats-server';

const event = (runId: string, id: number, type = 'step.started'): RunStreamMessage => ({
  kind: 'event', runId, event: { id, type, at: new Date().toISOString(), data: { step: id } },
});
const delta = (runId: string, afterEventId: number, offset: number, text: string): RunStreamMessage => ({
  kind: 'delta', runId, afterEventId, step: 1, offset, text, at: new Date().toISOString(),
});

let nextRun = 0;
const freshRun = () => `run_${process.pid}_${Date.now().toString(36)}_${nextRun++}`;

function collect(bus: StreamBus, runId: string) {
  const got: RunStreamMessage[] = [];
  return bus.subscribe(runId, (m) => got.push(m)).then((sub) => ({ got, sub }));
}

async function until(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Harness {
  /** A bus with this retention (seconds). */
  bus(retentionSeconds?: number): Promise<StreamBus>;
  /** How long the retention-expiry test waits. */
  expiryWaitMs: number;
}

function contract(name: string, harness: () => Harness) {
  describe(`stream bus contract: ${name}`, () => {
    it('delivers a run\'s messages in publish order', async () => {
      const bus = await harness().bus();
      const runId = freshRun();
      const { got, sub } = await collect(bus, runId);
      const sent: RunStreamMessage[] = [event(runId, 1)];
      for (let i = 0; i < 50; i++) sent.push(delta(runId, 1, i * 3, 'abc'));
      sent.push(event(runId, 2, 'step.finished'));
      for (const m of sent) await bus.publish(m);
      await until(() => got.length === sent.length);
      expect(got).toEqual(sent);
      await sub.close();
      await bus.close();
    });

    it('keeps runs apart', async () => {
      const bus = await harness().bus();
      const [a, b] = [freshRun(), freshRun()];
      const ga = await collect(bus, a);
      const gb = await collect(bus, b);
      await bus.publish(event(a, 1));
      await bus.publish(event(b, 1));
      await bus.publish(event(a, 2));
      await until(() => ga.got.length === 2 && gb.got.length === 1);
      expect(ga.got.map((m) => m.runId)).toEqual([a, a]);
      expect(gb.got.map((m) => m.runId)).toEqual([b]);
      expect((await bus.retained(a)).length).toBe(2);
      expect((await bus.retained(b)).length).toBe(1);
      await ga.sub.close();
      await gb.sub.close();
      await bus.close();
    });

    it('stops delivering after a subscription closes', async () => {
      const bus = await harness().bus();
      const runId = freshRun();
      const { got, sub } = await collect(bus, runId);
      const other = await collect(bus, runId);
      await bus.publish(event(runId, 1));
      await until(() => got.length === 1 && other.got.length === 1);
      await sub.close();
      await bus.publish(event(runId, 2));
      await until(() => other.got.length === 2);
      expect(got).toHaveLength(1);
      await other.sub.close();
      await bus.close();
    });

    it('retains what was published, oldest first, for late subscribers', async () => {
      const bus = await harness().bus();
      const runId = freshRun();
      const sent = [event(runId, 1), delta(runId, 1, 0, 'hel'), delta(runId, 1, 3, 'lo')];
      for (const m of sent) await bus.publish(m);
      expect(await bus.retained(runId)).toEqual(sent);
      expect(await bus.retained(freshRun())).toEqual([]);
      await bus.close();
    });

    it('forgets messages older than the retention window', async () => {
      const h = harness();
      const bus = await h.bus(1);
      const runId = freshRun();
      await bus.publish(event(runId, 1));
      expect(await bus.retained(runId)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, h.expiryWaitMs));
      await bus.publish(event(runId, 2));
      expect((await bus.retained(runId)).map((m) => (m.kind === 'event' ? m.event.id : -1))).toEqual([2]);
      await bus.close();
    });

    it('refuses a run id that would leave its subject', async () => {
      const bus = await harness().bus();
      const sneaky = 'x.>';
      const plain = freshRun();
      const { got, sub } = await collect(bus, plain);
      await bus.publish(event(sneaky, 1));
      await bus.publish(event(`${plain}.*`, 1));
      await bus.publish(event(plain, 7));
      await until(() => got.length >= 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(got.map((m) => m.runId)).toEqual([plain]);
      expect((await bus.retained(sneaky)).map((m) => m.runId)).toEqual([sneaky]);
      await sub.close();
      await bus.close();
    });
  });
}

describe('run ids as subject tokens', () => {
  it('keeps safe ids and escapes everything else one-to-one', () => {
    expect(runIdToken('run_abc-1')).toBe('run_abc-1');
    for (const id of ['a.b', 'a*', 'a>', 'a b', 'a%2E', 'ü']) expect(runIdToken(id)).toMatch(/^[A-Za-z0-9_%-]+$/);
    expect(runIdToken('a.b')).not.toBe(runIdToken('a%2Eb'));
    expect(() => runIdToken('')).toThrow();
    expect(() => runIdToken('x'.repeat(300))).toThrow();
  });
});

contract('in-process', () => ({ bus: async (retentionSeconds = 600) => inProcessBus({ retentionSeconds }), expiryWaitMs: 1_100 }));

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.close();
});

// The broker expires messages on its own clock (a second of max_age, checked about once a second).
contract('NATS JetStream', () => ({
  bus: (retentionSeconds = 600) => connectNatsBus({ url: nats.url, retentionSeconds, stream: `T${nextRun++}`, subjectPrefix: `t${nextRun}.runs` }),
  expiryWaitMs: 2_500,
}));

describe('NATS stream bus across a broker restart', () => {
  it('keeps subscribers and delivers what is published after the broker restarts', async () => {
    const errors: string[] = [];
    const bus = await connectNatsBus({ url: nats.url, retentionSeconds: 600, stream: 'RESTART', subjectPrefix: 'restart.runs', onError: (e) => errors.push(e.message) });
    const runId = freshRun();
    const { got, sub } = await collect(bus, runId);
    await bus.publish(event(runId, 1));
    await until(() => got.length === 1);
    await nats.stop();
    await nats.start();
    await bus.publish(event(runId, 2));
    await until(() => got.length === 2, 15_000);
    expect(got.map((m) => (m.kind === 'event' ? m.event.id : -1))).toEqual([1, 2]);
    // The stream survived on the broker's storage: both are retained.
    expect((await bus.retained(runId)).length).toBe(2);
    await sub.close();
    await bus.close();
  });

  it('fails at start, naming the URL, when no broker listens', async () => {
    await expect(connectNatsBus({ url: 'nats://127.0.0.1:1', retentionSeconds: 60, connectTimeoutMs: 1_000 })).rejects.toThrow(/cannot reach NATS at nats:\/\/127\.0\.0\.1:1.*KEEL_BUS_URL/);
  });
});
