// Payloads as the codec-server protocol carries them (protobuf JSON: metadata values and data in
// base64), what the Temporal Web UI and `temporal --codec-endpoint` send to /decode and /encode.
import type { Payload } from '@temporalio/common';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export const payloadFromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

export const payloadToJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).flatMap(([k, v]) => (v ? [[k, Buffer.from(v).toString('base64')]] : []))),
  data: Buffer.from(data ?? new Uint8Array(0)).toString('base64'),
});
