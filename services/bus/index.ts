// The stream bus: run events and token deltas from workers to the API replica holding a subscriber.
// NATS with JetStream when `bus.url` is set, else in-process (`keel start`).
import type { BusConfig } from './config';
import type { StreamBus } from './types';
import { inProcessBus } from './in-process';
import { connectNatsBus } from './nats';

export type { BusSubscription, RunStreamMessage, StreamBus, StreamEvent } from './types';
export type { BusConfig } from './config';
export { inProcessBus, type InProcessBusOptions } from './in-process';
export { connectNatsBus, type NatsBusOptions } from './nats';
export { runIdToken } from './subject';

export async function createStreamBus(config: BusConfig, opts: { name?: string; onError?: (err: Error, where: string) => void } = {}): Promise<StreamBus> {
  if (config.url) return connectNatsBus({ url: config.url, retentionSeconds: config.retentionSeconds, ...opts });
  return inProcessBus({ retentionSeconds: config.retentionSeconds });
}
