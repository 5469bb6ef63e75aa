// The stream bus over NATS with JetStream. One stream captures every run's subject
// (`keel.runs.<runId>`) and keeps messages for the retention window; publishing goes through
// JetStream (acknowledged once stored), live subscribers listen on the plain subject (the broker
// delivers a published message to them and to the stream alike), and `retained()` reads the run's
// subject back from the stream with an ordered consumer until it has caught up.
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, StorageType, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import type { BusSubscription, RunStreamMessage, StreamBus } from './types';
import { runSubject } from './subject';

export interface NatsBusOptions {
  /** `nats://host:port` (several comma-separated). */
  url: string;
  retentionSeconds: number;
  /** Messages kept per run (the broker drops the oldest beyond it). */
  maxMessagesPerRun?: number;
  stream?: string;
  subjectPrefix?: string;
  /** How the connection names itself to the broker (its monitoring pages). */
  name?: string;
  /** How long the first connection may take before start-up fails. */
  connectTimeoutMs?: number;
  /** Problems after start-up (a failed stream check after a reconnect); never message contents. */
  onError?: (err: Error, where: string) => void;
}

const RETAINED_FETCH_EXPIRES_MS = 1_000;

export async function connectNatsBus(opts: NatsBusOptions): Promise<StreamBus> {
  const stream = opts.stream ?? 'KEEL_RUNS';
  const prefix = opts.subjectPrefix ?? 'keel.runs';
  const onError = opts.onError ?? (() => {});
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: opts.url.split(',').map((s) => s.trim()),
      name: opts.name ?? 'keel',
      timeout: opts.connectTimeoutMs ?? 5_000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
  } catch (err) {
    throw new Error(`stream bus: cannot reach NATS at ${redact(opts.url)} (bus.url / KEEL_BUS_URL): ${(err as Error).message}`);
  }
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, { timeout: 5_000 });
  } catch (err) {
    await nc.close();
    throw new Error(`stream bus: NATS at ${redact(opts.url)} has no JetStream (start nats-server with -js): ${(err as Error).message}`);
  }
  const js: JetStreamClient = jetstream(nc, { timeout: 5_000 });
  const retentionMs = opts.retentionSeconds * 1000;
  const config: Partial<StreamConfig> & { name: string } = {
    name: stream,
    subjects: [`${prefix}.>`],
    storage: StorageType.File,
    max_age: nanos(retentionMs),
    max_msgs_per_subject: opts.maxMessagesPerRun ?? 10_000,
    discard: DiscardPolicy.Old,
    // The duplicate window may not exceed max_age (publishes carry no message ids anyway).
    duplicate_window: nanos(Math.min(retentionMs, 120_000)),
  };

  const ensureStream = async () => {
    try {
      const info = await jsm.streams.info(stream);
      const c = info.config;
      if (c.max_age !== config.max_age || c.max_msgs_per_subject !== config.max_msgs_per_subject || !c.subjects.includes(`${prefix}.>`))
        await jsm.streams.update(stream, { ...c, ...config, subjects: [...new Set([...c.subjects, `${prefix}.>`])] });
    } catch (err) {
      if (!/stream not found/i.test((err as Error).message)) throw err;
      await jsm.streams.add(config);
    }
  };
  try {
    await ensureStream();
  } catch (err) {
    await nc.close();
    throw new Error(`stream bus: could not set up the JetStream stream ${stream} on ${redact(opts.url)}: ${(err as Error).message}`);
  }

  // A broker that restarted without its storage has lost the stream: make it again.
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'reconnect') await ensureStream().catch((err) => onError(err as Error, 'stream check after reconnect'));
    }
  })();

  const publishOnce = (message: RunStreamMessage) => js.publish(runSubject(prefix, message.runId), JSON.stringify(message));

  return {
    async publish(message) {
      try {
        await publishOnce(message);
      } catch (err) {
        // No stream answered (restarted broker, stream deleted): set it up again and retry once.
        if (nc.isClosed()) throw err;
        await ensureStream();
        await publishOnce(message);
      }
    },

    async subscribe(runId, onMessage): Promise<BusSubscription> {
      const sub = nc.subscribe(runSubject(prefix, runId), {
        callback: (err, msg) => {
          if (err) return onError(err, 'subscription');
          let parsed: RunStreamMessage;
          try {
            parsed = msg.json<RunStreamMessage>();
          } catch (e) {
            return onError(e as Error, 'malformed message');
          }
          onMessage(parsed);
        },
      });
      return {
        async close() {
          if (!sub.isClosed()) sub.unsubscribe();
        },
      };
    },

    async retained(runId) {
      const subject = runSubject(prefix, runId);
      const info = await jsm.streams.info(stream, { subjects_filter: subject });
      const count = info.state.subjects?.[subject] ?? 0;
      if (count === 0) return [];
      const consumer = await js.consumers.get(stream, { filter_subjects: subject });
      const out: RunStreamMessage[] = [];
      const messages = await consumer.fetch({ max_messages: count, expires: RETAINED_FETCH_EXPIRES_MS });
      try {
        for await (const m of messages) {
          out.push(m.json<RunStreamMessage>());
          if (m.info.pending === 0) break;
        }
      } finally {
        await messages.close();
      }
      return out;
    },

    async ping() {
      await nc.rtt();
    },

    async close() {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

/** The URL without credentials (nats://user:pass@host). */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/g, '//***@');
}
