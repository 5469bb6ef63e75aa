// BENCH_TRACE=1: a run's history as one line per event (ms since the first event, type, and the
// activity or marker it concerns), printed to stderr, to see where a run's time goes.
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

const at = (e: HistoryEvent) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;

function detail(e: HistoryEvent): string {
  const scheduled = e.activityTaskScheduledEventAttributes;
  if (scheduled) return scheduled.activityType?.name ?? '';
  const marker = e.markerRecordedEventAttributes;
  if (marker) {
    const dataText = Object.values(marker.details ?? {}).flatMap((p) => p.payloads ?? []).map((p) => (p.data ? Buffer.from(p.data).toString('utf8') : '')).join(' ');
    return `${marker.markerName ?? ''} ${/"?activity_?[tT]ype"?:\s*"(\w+)"/.exec(dataText)?.[1] ?? dataText.slice(0, 60)}`;
  }
  if (e.timerStartedEventAttributes) return `timer ${Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0)}s`;
  return '';
}

export async function traceHistory(label: string, handle: WorkflowHandle): Promise<void> {
  const events = (await handle.fetchHistory()).events ?? [];
  const t0 = at(events[0]);
  let previous = t0;
  const lines = events.map((e) => {
    const t = at(e);
    const line = `${(t - t0).toFixed(1).padStart(7)} +${(t - previous).toFixed(1).padStart(5)}  ${(temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? '').replace('EVENT_TYPE_', '').padEnd(34)} ${detail(e)}`;
    previous = t;
    return line;
  });
  process.stderr.write(`--- ${label}: ${events.length} events\n${lines.join('\n')}\n`);
}

/** Where a run's time went: per workflow task (started → completed, and how many local activities it ran) and per activity (scheduled → completed). */
export async function phases(handle: WorkflowHandle): Promise<{ tasks: number[]; localActivities: number[]; activities: Record<string, number>; waits: number }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const E = temporal.api.enums.v1.EventType;
  const tasks: number[] = [];
  const localActivities: number[] = [];
  const activities: Record<string, number> = {};
  const scheduled = new Map<string, { name: string; at: number }>();
  let waits = 0;
  let taskStarted = 0;
  let taskScheduled = 0;
  for (const [i, e] of events.entries()) {
    const t = at(e);
    if (e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) taskScheduled = t;
    if (e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      taskStarted = t;
      waits += t - taskScheduled;
    }
    if (e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      tasks.push(t - taskStarted);
      let n = 0;
      for (let j = i + 1; j < events.length && events[j].eventType !== E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED; j++) if (events[j].eventType === E.EVENT_TYPE_MARKER_RECORDED) n++;
      localActivities.push(n);
    }
    if (e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduled.set(String(e.eventId), { name: detail(e), at: t });
    const done = e.activityTaskCompletedEventAttributes;
    if (done) {
      const s = scheduled.get(String(done.scheduledEventId))!;
      activities[s.name] = (activities[s.name] ?? 0) + (t - s.at);
    }
  }
  return { tasks, localActivities, activities, waits };
}
