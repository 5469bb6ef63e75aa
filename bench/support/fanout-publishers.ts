// Synthetic run producers for bench/fanout.ts: each run cycles through model steps (step.started,
// DELTAS token deltas, step.finished) at one message per tick, the way the worker does it: a
// durable event goes to the store first, then on the bus. Every message carries the wall-clock
// time (ms, sub-ms precision) of its publish: `sentAt` in an event's data, the start of a delta's
// text (`<ms>|`).
import type { Store } from '../../services/store';
import type { StreamBus } from '../../services/bus';

export interface PublisherOptions {
  store: Store;
  bus: StreamBus;
  runIds: string[];
  /** Milliseconds between two messages of one run. */
  tickMs: number;
  deltasPerStep: number;
  /** The id of each run's last stored event when publishing starts. */
  firstEventId: number;
}

export interface PublisherCounts {
  events: number;
  deltas: number;
  errors: number;
}

export const nowMs = () => performance.timeOrigin + performance.now();

export function startPublishers(o: PublisherOptions): { counts: PublisherCounts; stop(): Promise<PublisherCounts> } {
  const counts: PublisherCounts = { events: 0, deltas: 0, errors: 0 };
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  for (const runId of o.runIds) {
    let id = o.firstEventId;
    let step = 0;
    let startedAt = 0;
    let deltas = 0;
    let text = 0;
    let busy = false;
    const tick = async () => {
      if (stopped || busy) return; // a run publishes in order: one message at a time
      busy = true;
      try {
        if (startedAt === 0) {
          step++;
          startedAt = await event('step.started', { step, kind: 'model' });
          deltas = 0;
          text = 0;
        } else if (deltas < o.deltasPerStep) {
          const piece = `${nowMs().toFixed(3)}|tok `;
          deltas++;
          await o.bus.publish({ kind: 'delta', runId, afterEventId: startedAt, step, offset: text, text: piece, at: new Date().toISOString() });
          text += piece.length;
          counts.deltas++;
        } else {
          await event('step.finished', { step, kind: 'model', chars: text });
          startedAt = 0;
        }
      } catch {
        counts.errors++;
      } finally {
        busy = false;
      }
    };
    const event = async (type: string, data: Record<string, unknown>) => {
      const e = { id: ++id, type, at: new Date().toISOString(), data };
      await o.store.runs.appendEvents(runId, [e]);
      e.data = { ...data, sentAt: nowMs() };
      await o.bus.publish({ kind: 'event', runId, event: e });
      counts.events++;
      return e.id;
    };
    const phase = Math.random() * o.tickMs;
    timers.push(setTimeout(() => {
      const track = () => {
        const p = tick();
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      };
      track();
      timers.push(setInterval(track, o.tickMs));
    }, phase));
  }
  return {
    counts,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(inFlight);
      return counts;
    },
  };
}
