// The API process's run streams: ONE bus subscription per run, however many local SSE clients
// follow it (reference counted, closed when the last leaves), its messages fanned out in memory.
// A run whose bus has been quiet for a while is checked against the store once per run (not per
// client): durable events the bus lost (a broker reconnect) are handed out, and a run that ended
// without its final event reaching the bus ends its streams.
import type { RunStreamMessage, StreamBus } from '../bus';
import type { StreamEvent } from '../bus';

/** What a run stream's clients get: bus messages, and `ended` once the stored run has ended. */
export type RunStreamNotice = RunStreamMessage | { kind: 'ended'; runId: string };

/** The stored side of a run: events after an id (a page) and whether the run has ended with none left. */
export type StoredRunEvents = (tenantId: string, runId: string, afterId: number) => Promise<{ events: StreamEvent[]; terminal: boolean }>;

export interface RunStreamMembership {
  /** The client has sent the run's events up to `eventId` (the store check starts after the highest). */
  seen(eventId: number): void;
  leave(): Promise<void>;
}

export interface RunStreamHub {
  join(tenantId: string, runId: string, listener: (n: RunStreamNotice) => void): Promise<RunStreamMembership>;
  /** The run's retained messages (the bus's window). */
  retained(runId: string): Promise<RunStreamMessage[]>;
  /** Runs with a live bus subscription in this process. */
  readonly runs: number;
  close(): Promise<void>;
}

export interface RunStreamHubOptions {
  bus: StreamBus;
  stored: StoredRunEvents;
  /** A run with no bus message for this long is checked against the store (default 5 s). */
  quietCheckMs?: number;
  onError?: (err: unknown, runId: string) => void;
}

interface Entry {
  tenantId: string;
  listeners: Set<(n: RunStreamNotice) => void>;
  subscription: Promise<{ close(): Promise<void> }>;
  lastEventId: number;
  lastMessageAt: number;
  checking: boolean;
}

export function runStreamHub(opts: RunStreamHubOptions): RunStreamHub {
  const { bus } = opts;
  const quietMs = opts.quietCheckMs ?? 5_000;
  const entries = new Map<string, Entry>();

  const dispatch = (entry: Entry, n: RunStreamNotice) => {
    for (const l of [...entry.listeners]) {
      try {
        l(n);
      } catch (err) {
        opts.onError?.(err, n.runId);
      }
    }
  };

  const check = async (runId: string, entry: Entry) => {
    entry.checking = true;
    try {
      for (;;) {
        const page = await opts.stored(entry.tenantId, runId, entry.lastEventId);
        for (const event of page.events) {
          if (event.id <= entry.lastEventId) continue;
          entry.lastEventId = event.id;
          dispatch(entry, { kind: 'event', runId, event });
        }
        if (page.terminal) return dispatch(entry, { kind: 'ended', runId });
        if (page.events.length === 0) return;
      }
    } catch (err) {
      opts.onError?.(err, runId);
    } finally {
      entry.checking = false;
      entry.lastMessageAt = Date.now();
    }
  };

  const timer = setInterval(() => {
    const now = Date.now();
    for (const [runId, entry] of entries) if (!entry.checking && now - entry.lastMessageAt >= quietMs) void check(runId, entry);
  }, Math.max(50, Math.floor(quietMs / 2)));
  timer.unref();

  return {
    async join(tenantId, runId, listener) {
      let entry = entries.get(runId);
      if (!entry) {
        const created: Entry = {
          tenantId, listeners: new Set(), lastEventId: 0, lastMessageAt: Date.now(), checking: false,
          subscription: bus.subscribe(runId, (m) => {
            created.lastMessageAt = Date.now();
            if (m.kind === 'event' && m.event.id > created.lastEventId) created.lastEventId = m.event.id;
            dispatch(created, m);
          }),
        };
        entry = created;
        entries.set(runId, entry);
        // A failed subscribe is this join's failure; the next join tries again.
        entry.subscription.catch(() => entries.get(runId) === created && entries.delete(runId));
      }
      const joined = entry;
      joined.listeners.add(listener);
      try {
        await joined.subscription;
      } catch (err) {
        joined.listeners.delete(listener);
        throw err;
      }
      let left = false;
      return {
        seen(eventId) {
          if (eventId > joined.lastEventId) joined.lastEventId = eventId;
        },
        async leave() {
          if (left) return;
          left = true;
          joined.listeners.delete(listener);
          if (joined.listeners.size > 0) return;
          if (entries.get(runId) === joined) entries.delete(runId);
          await (await joined.subscription).close();
        },
      };
    },

    retained: (runId) => bus.retained(runId),

    get runs() {
      return entries.size;
    },

    async close() {
      clearInterval(timer);
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map(async (e) => (await e.subscription.catch(() => undefined))?.close()));
    },
  };
}
