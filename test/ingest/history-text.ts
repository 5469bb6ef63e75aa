// Workflow history as readable JSON: payload bytes decoded as UTF-8 (as the JSON converter wrote
// them) instead of base64, so tests can check what history carries and how big it really is.
import type { temporal } from '@temporalio/proto';

type Events = temporal.api.history.v1.IHistoryEvent[] | null | undefined;

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && !('toNumber' in value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

export const historyText = (events: Events): string => JSON.stringify(plain(events ?? []));

export const eventSizes = (events: Events): number[] => (events ?? []).map((event) => historyText([event]).length);
