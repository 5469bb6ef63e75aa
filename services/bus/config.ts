// keel.yaml `bus`: where run events and token deltas travel from workers to API replicas.
import { z } from 'zod';

export const BusConfigSchema = z.object({
  /**
   * A NATS server with JetStream (`nats://host:4222`, several comma-separated). Unset: the
   * in-process bus, which reaches only subscribers in the same process (`keel start`).
   */
  url: z.string().regex(/^(nats|tls|wss?):\/\/\S+$/, 'a nats://, tls:// or ws(s):// URL').optional(),
  /** How long a run's messages stay retained for resuming streams (token deltas are kept nowhere else). */
  retentionSeconds: z.number().int().min(1).max(86_400).default(600),
});
export type BusConfig = z.infer<typeof BusConfigSchema>;
