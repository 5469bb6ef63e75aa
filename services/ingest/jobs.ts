// Ingestion jobs and schedules over Temporal: a one-off job is an IngestWorkflow run; a source with
// a cron is a Temporal Schedule (overlap: skip) whose action starts that workflow. Schedules are
// the record of scheduled sources: id `keel-ingest/<tenant>/<source>`, input in the action args.
import { ScheduleOverlapPolicy, WorkflowNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { z } from 'zod';
import { conflict, invalid } from '../errors';
import { cronProblem, isKnownTimeZone } from './cron';
import { scheduledSourceKey } from './source-key';
import { IngestJobInputSchema, IngestJobRequestSchema, type IngestJobInput, type IngestProgress } from './types';
import { IngestWorkflow } from '../../workflows/ingest';
import { ingestProgressQuery } from '../../workflows/ingest-api';

export const INGEST_TASK_QUEUE = 'keel-ingest';
/** Temporal priority key for one-off jobs (1 interactive ... 5 batch). Schedule actions in SDK
 * 1.24 take no priority, so scheduled runs get the queue's default. */
const INTERACTIVE_PRIORITY = 1;

const idPart = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . - (max 100)');

export const SourceScheduleSchema = z.object({
  sourceId: idPart,
  /** Standard 5-field cron (or @daily, @every 1h, …), evaluated in UTC unless timezone is set. */
  cron: z.string().min(6).max(200).superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid cron: ${problem}` });
  }),
  timezone: z.string().max(100).refine(isKnownTimeZone, 'unknown time zone').optional(),
  paused: z.boolean().default(false),
  job: IngestJobRequestSchema,
});
export type SourceSchedule = z.input<typeof SourceScheduleSchema>;

export interface SourceScheduleInfo {
  sourceId: string;
  collection: string;
  cron: string;
  paused: boolean;
  note?: string;
  nextRuns: string[];
  recentRuns: Array<{ workflowId: string; scheduledAt: string }>;
  job: IngestJobInput;
}

export interface IngestJobStatus {
  jobId: string;
  status: string;
  progress?: IngestProgress;
  startedAt?: string;
  /** Unset while the job runs. */
  closedAt?: string;
  /** Why a job ended without completing (failed, terminated, cancelled, timed out). */
  error?: { message: string; type?: string };
}

/** The innermost cause of a workflow failure (e.g. the activity's own error), with its type. */
function failureOf(error: unknown): { message: string; type?: string } {
  let failure = error as { message?: string; cause?: unknown; type?: string; name?: string } | undefined;
  while (failure?.cause && typeof failure.cause === 'object') failure = failure.cause as typeof failure;
  const type = failure?.type ?? (failure?.name && failure.name !== 'Error' ? failure.name : undefined);
  return { message: failure?.message || String(error), ...(type ? { type } : {}) };
}

const GRPC_INVALID_ARGUMENT = 3;

/** What Temporal refuses about a schedule is the caller's input, not a server fault. */
function refusedSchedule(error: unknown): never {
  const e = error as { name?: string; code?: number; cause?: { code?: number; details?: string }; message?: string };
  if (e.name === 'ScheduleAlreadyRunning') throw conflict('the source exists');
  if ((e.code ?? e.cause?.code) === GRPC_INVALID_ARGUMENT) throw invalid(`the schedule is invalid: ${e.cause?.details ?? e.message}`);
  throw error;
}

const scheduleId = (tenantId: string, sourceId: string) => `keel-ingest/${tenantId}/${sourceId}`;
const jobWorkflowId = (tenantId: string, jobId: string) => `ingest/${tenantId}/${jobId}`;

function describeSchedule(sourceId: string, description: ScheduleDescription): SourceScheduleInfo {
  const job = (description.action.args?.[0] ?? {}) as IngestJobInput;
  return {
    sourceId,
    collection: job.collection,
    cron: String(description.memo?.cron ?? ''),
    paused: description.state.paused,
    note: description.state.note,
    nextRuns: description.info.nextActionTimes.slice(0, 5).map((d) => d.toISOString()),
    recentRuns: description.info.recentActions.map((a) => ({
      workflowId: a.action.workflow.workflowId,
      scheduledAt: a.scheduledAt.toISOString(),
    })),
    job,
  };
}

export function ingestJobs(client: Client, options: { taskQueue?: string } = {}) {
  const taskQueue = options.taskQueue ?? INGEST_TASK_QUEUE;

  const jobs = {
    async start(tenantId: string, rawJob: Omit<IngestJobInput, 'tenantId'>, jobId: string): Promise<{ jobId: string }> {
      idPart.parse(jobId);
      const job = IngestJobInputSchema.parse({ ...rawJob, tenantId });
      await client.workflow.start(IngestWorkflow, {
        taskQueue,
        workflowId: jobWorkflowId(tenantId, jobId),
        args: [job],
        priority: { priorityKey: INTERACTIVE_PRIORITY },
      });
      return { jobId };
    },

    async status(tenantId: string, jobId: string): Promise<IngestJobStatus | null> {
      const handle = client.workflow.getHandle<typeof IngestWorkflow>(jobWorkflowId(tenantId, jobId));
      try {
        const description = await handle.describe();
        const status = description.status.name;
        const times = { startedAt: description.startTime.toISOString(), ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}) };
        if (status === 'COMPLETED') return { jobId, status, ...times, progress: await handle.result() };
        if (status === 'RUNNING') {
          // No worker to answer (or the job ended meanwhile): the job is still reported, without progress.
          const progress = await handle.query(ingestProgressQuery).catch(() => undefined);
          return { jobId, status, ...times, ...(progress ? { progress } : {}) };
        }
        const error = await handle.result().then(
          () => undefined,
          (failure: unknown) => failureOf(failure),
        );
        return { jobId, status, ...times, ...(error ? { error } : {}) };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },

    async schedule(tenantId: string, raw: SourceSchedule): Promise<SourceScheduleInfo> {
      const input = SourceScheduleSchema.parse(raw);
      // Every run of the schedule is the same source, whatever its spec lists at the time.
      const job = IngestJobInputSchema.parse({ sourceKey: scheduledSourceKey(input.sourceId), ...input.job, tenantId });
      const handle = await client.schedule.create<typeof IngestWorkflow>({
        scheduleId: scheduleId(tenantId, input.sourceId),
        spec: { cronExpressions: [input.cron], timezone: input.timezone },
        action: {
          type: 'startWorkflow',
          workflowType: IngestWorkflow,
          workflowId: `ingest/${tenantId}/${input.sourceId}`,
          taskQueue,
          args: [job],
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
        state: { paused: input.paused },
        memo: { tenantId, sourceId: input.sourceId, collection: job.collection, cron: input.cron },
      }).catch(refusedSchedule);
      return describeSchedule(input.sourceId, await handle.describe());
    },

    async describe(tenantId: string, sourceId: string): Promise<SourceScheduleInfo | null> {
      try {
        return describeSchedule(sourceId, await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).describe());
      } catch (error) {
        if ((error as Error).name === 'ScheduleNotFoundError') return null;
        throw error;
      }
    },

    /** The newest runs of a source's schedule (at most `limit`, newest first; Temporal keeps the last
     * ten actions); null when the source does not exist. Job ids work with `status`. */
    async sourceJobs(tenantId: string, sourceId: string, limit: number): Promise<IngestJobStatus[] | null> {
      const found = await jobs.describe(tenantId, sourceId);
      if (!found) return null;
      const prefix = jobWorkflowId(tenantId, '');
      const ids = [...new Set(found.recentRuns.map((r) => r.workflowId).filter((id) => id.startsWith(prefix)).reverse())].slice(0, limit);
      const statuses = await Promise.all(ids.map((id) => jobs.status(tenantId, id.slice(prefix.length))));
      return statuses.filter((j): j is IngestJobStatus => j !== null).sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? 1 : -1));
    },

    /** The tenant's scheduled sources (schedule listing is eventually consistent in Temporal). */
    async list(tenantId: string): Promise<Array<{ sourceId: string; collection: string; paused: boolean }>> {
      const prefix = scheduleId(tenantId, '');
      const found: Array<{ sourceId: string; collection: string; paused: boolean }> = [];
      for await (const summary of client.schedule.list()) {
        if (!summary.scheduleId.startsWith(prefix)) continue;
        found.push({ sourceId: summary.scheduleId.slice(prefix.length), collection: String(summary.memo?.collection ?? ''), paused: summary.state.paused });
      }
      return found.sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
    },

    async pause(tenantId: string, sourceId: string, note = 'paused through keel'): Promise<void> {
      await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).pause(note);
    },

    async resume(tenantId: string, sourceId: string, note = 'resumed through keel'): Promise<void> {
      await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).unpause(note);
    },

    /** Run now; skipped if a run of this source is still going (the overlap policy). */
    async trigger(tenantId: string, sourceId: string): Promise<void> {
      await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).trigger(ScheduleOverlapPolicy.SKIP);
    },

    async backfill(tenantId: string, sourceId: string, start: Date, end: Date): Promise<void> {
      if (!(start < end)) throw new Error('backfill needs start < end');
      await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).backfill({ start, end, overlap: ScheduleOverlapPolicy.SKIP });
    },

    async remove(tenantId: string, sourceId: string): Promise<void> {
      await client.schedule.getHandle(scheduleId(tenantId, idPart.parse(sourceId))).delete();
    },
  };
  return jobs;
}

export type IngestJobs = ReturnType<typeof ingestJobs>;
