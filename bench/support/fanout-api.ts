// The API process of bench/fanout.ts: the real API (createApiServer over buildRuntime) with the
// stream bus the config names, and a Temporal client stand-in that counts every call. Prints its
// URL; answers IPC messages: `stats` (Temporal calls, runs subscribed), and with the in-process bus
// `publish` / `stop-publish` (the producers must share the process with an in-process bus).
import { KeelConfigSchema } from '../../services/config';
import { buildRuntime, createApiServer } from '../../services/platform';
import { countingTemporalClient } from '../../test/support/counting-temporal-client';
import { startPublishers } from './fanout-publishers';

async function main() {
  const config = KeelConfigSchema.parse(JSON.parse(process.env.FANOUT_CONFIG!));
  const runtime = await buildRuntime({ config, baseDir: config.dataDir });
  const temporal = countingTemporalClient();
  const { api, runStreams } = await createApiServer({ config, runtime, temporal: temporal.client, dataDir: config.dataDir });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  let publishers: ReturnType<typeof startPublishers> | undefined;
  process.on('message', async (m: { type: string; runIds?: string[]; tickMs?: number; deltasPerStep?: number; firstEventId?: number }) => {
    if (m.type === 'stats') process.send!({ type: 'stats', temporalCalls: temporal.calls.length, runs: runStreams.runs, published: publishers ? { ...publishers.counts } : undefined });
    if (m.type === 'publish') publishers = startPublishers({ store: runtime.store, bus: runtime.bus, runIds: m.runIds!, tickMs: m.tickMs!, deltasPerStep: m.deltasPerStep!, firstEventId: m.firstEventId! });
    if (m.type === 'stop-publish') process.send!({ type: 'published', counts: await publishers!.stop() });
  });
  process.on('SIGTERM', () => void api.close().then(() => runtime.close()).then(() => process.exit(0)));
  process.stdout.write(`${url}\n`);
}

void main();
