// Every payload a workflow's history holds, measured: for the claim-check tests and the long-run
// benchmark. Follows a continue-as-new chain through all its runs.
import type { Client } from '@temporalio/client';

export interface MeasuredPayload {
  runId: string;
  eventId: number;
  /** e.g. `ActivityTaskScheduled:callModel`, `ActivityTaskCompleted:callModel`, `MarkerRecorded`, `WorkflowExecutionContinuedAsNew`. */
  kind: string;
  bytes: number;
}

const EVENT_NAMES: Record<number, string> = {
  1: 'WorkflowExecutionStarted', 2: 'WorkflowExecutionCompleted', 10: 'ActivityTaskScheduled', 12: 'ActivityTaskCompleted',
  13: 'ActivityTaskFailed', 25: 'MarkerRecorded', 28: 'WorkflowExecutionContinuedAsNew',
};

function payloadBytes(value: unknown, seen = new Set<unknown>()): number {
  if (!value || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  if (value instanceof Uint8Array) return 0;
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && 'metadata' in o) {
    const meta = Object.entries((o.metadata ?? {}) as Record<string, Uint8Array>).reduce((n, [k, v]) => n + k.length + (v?.length ?? 0), 0);
    return o.data.length + meta;
  }
  return Object.values(o).reduce<number>((n, v) => n + payloadBytes(v, seen), 0);
}

/** The runs of a workflow id, oldest first. */
export async function runsOf(client: Client, workflowId: string): Promise<string[]> {
  const runs: Array<{ runId: string; start: number }> = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push({ runId: w.runId, start: w.startTime.getTime() });
  return runs.sort((a, b) => a.start - b.start).map((r) => r.runId);
}

export async function measureHistory(client: Client, workflowId: string): Promise<{ payloads: MeasuredPayload[]; runs: number; eventsBytes: number }> {
  const payloads: MeasuredPayload[] = [];
  const runIds = await runsOf(client, workflowId);
  let eventsBytes = 0;
  for (const runId of runIds) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const activityTypes = new Map<number, string>();
    for (const e of history.events ?? []) {
      const id = Number(e.eventId);
      const type = Number(e.eventType);
      let kind = EVENT_NAMES[type] ?? `event${type}`;
      if (type === 10) {
        const name = e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        activityTypes.set(id, name);
        kind += `:${name}`;
      }
      if (type === 12) kind += `:${activityTypes.get(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId)) ?? '?'}`;
      const bytes = payloadBytes(e);
      eventsBytes += bytes;
      if (bytes > 0) payloads.push({ runId, eventId: id, kind, bytes });
    }
  }
  return { payloads, runs: runIds.length, eventsBytes };
}

/** The largest payload of each kind. */
export function largestByKind(payloads: MeasuredPayload[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of payloads) out[p.kind] = Math.max(out[p.kind] ?? 0, p.bytes);
  return out;
}
