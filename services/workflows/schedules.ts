// A workflow's `schedules` as Temporal Schedules. The schedules of the version new runs get without
// asking (the pinned version, else stable) are the ones that exist: reconciling a tenant's workflow
// creates, updates and deletes its Temporal Schedules to match, idempotently. Ids are deterministic
// (`scheduleIdOf`), one per index up to DEFINITION_LIMITS.maxSchedules, so reconciling never needs
// to list Temporal's schedules and a tenant can only ever name its own. The action starts
// RegisteredWorkflow with the same input a run started by the API gets (versionReason `scheduled`);
// the run writes its own record at start. The schedule client is the run client's (`client.schedule`),
// so its payloads go through the same encrypted data converter.
import { createHash } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import type { Store, DefinitionVersionRecord } from '../store';
import type { KeelConfig } from '../config';
import { DomainError, invalid, notFound, unavailable } from '../errors';
import { RegisteredWorkflow } from '../../workflows/registered';
import { DEFINITION_LIMITS, type Schedule, type WorkflowDefinition } from './definition';
import type { WorkflowRunInput } from './run-types';
import { checkInputs, runSettingsFrom, workflowRunInput } from './runs';
import { parseDuration } from './duration';

const KIND = 'workflow';
const OVERLAP: Record<Schedule['overlap'], ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  buffer_all: ScheduleOverlapPolicy.BUFFER_ALL,
  cancel_other: ScheduleOverlapPolicy.CANCEL_OTHER,
  terminate_other: ScheduleOverlapPolicy.TERMINATE_OTHER,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};
/** The schedule's note says which desired state it holds: reconciling skips a schedule already so. */
const NOTE_PREFIX = 'keel ';
const GRPC_INVALID_ARGUMENT = 3;

/** Only [A-Za-z0-9_.] stay as they are, so the `-` separating the parts never occurs inside one. */
const escapePart = (s: string) => encodeURIComponent(s).replace(/[-!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `keel-sched-<tenant>-<name>-<index>`, tenant and name escaped: distinct for every tenant, name and index. */
export const scheduleIdOf = (tenantId: string, name: string, index: number) => `keel-sched-${escapePart(tenantId)}-${escapePart(name)}-${index}`;

/**
 * Scheduled runs' workflow ids start with this; Temporal appends `-<scheduled time>`, and that
 * whole id is the run's id. Hashed to stay short (run ids are at most 100 characters).
 */
export const scheduledRunPrefix = (scheduleId: string) => `run_sched_${createHash('sha256').update(scheduleId).digest('hex').slice(0, 20)}`;

export interface WorkflowScheduleView {
  id: string;
  index: number;
  /** The version whose schedule this is. */
  version: number;
  cron: string;
  timezone: string;
  overlap: Schedule['overlap'];
  catchupWindow: string;
  inputs: Record<string, unknown>;
  paused: boolean;
  /** The next times it will start a run (at most 5), ISO 8601. */
  nextRuns: string[];
  /** Its latest runs, oldest first: the run id is the started workflow's id. */
  recentRuns: Array<{ runId: string; scheduledAt: string; takenAt: string }>;
  /** Runs it started that are still going. */
  running: string[];
  actionsTaken: number;
  createdAt: string;
}

export interface ReconcileResult {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

function refused(error: unknown): never {
  const e = error as { code?: number; cause?: { code?: number; details?: string }; message?: string };
  if ((e.code ?? e.cause?.code) === GRPC_INVALID_ARGUMENT) throw invalid(`Temporal refused the schedule: ${e.cause?.details ?? e.message}`, undefined, 'invalid_schedule');
  throw error;
}

export function workflowSchedules(deps: { store: Store; temporal: Client; config: KeelConfig }) {
  const { store, temporal, config } = deps;
  const schedules = temporal.schedule;
  // Reconciliations of one workflow run one after another in this process, so an older reading of
  // the labels never overwrites a newer one's schedules.
  const chains = new Map<string, Promise<unknown>>();

  /** The version whose schedules exist: the one new runs get without asking, pinned over stable. */
  async function scheduledVersion(tenantId: string, name: string): Promise<DefinitionVersionRecord<WorkflowDefinition> | undefined> {
    const summary = await store.definitions.summary(tenantId, KIND, name);
    if (!summary) return undefined;
    return store.definitions.version<WorkflowDefinition>(tenantId, KIND, name, summary.labels.pinned ?? summary.labels.stable);
  }

  async function describe(id: string): Promise<ScheduleDescription | undefined> {
    try {
      return await schedules.getHandle(id).describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    }
  }

  function desired(tenantId: string, record: DefinitionVersionRecord<WorkflowDefinition>, index: number, schedule: Schedule) {
    const id = scheduleIdOf(tenantId, record.name, index);
    const input: WorkflowRunInput = {
      ...workflowRunInput({
        runId: scheduledRunPrefix(id), tenantId, name: record.name, version: record.version, definition: record.definition,
        inputs: checkInputs(record.definition, schedule.inputs), priority: 'batch', versionReason: 'scheduled',
        settings: runSettingsFrom(config), defaultDeadlineSeconds: config.agents.deadlineSeconds,
      }),
      schedule: { id },
    };
    const options = {
      scheduleId: id,
      spec: { cronExpressions: [schedule.cron], timezone: schedule.timezone },
      action: {
        type: 'startWorkflow' as const,
        workflowType: RegisteredWorkflow,
        workflowId: scheduledRunPrefix(id),
        taskQueue: config.temporal.taskQueues.workflows,
        args: [input] as [WorkflowRunInput],
        workflowTaskTimeout: `${config.agents.workflowTaskTimeoutSeconds}s`,
        memo: { tenantId, workflow: record.name, workflowVersion: record.version, schedule: id },
      },
      policies: { overlap: OVERLAP[schedule.overlap], catchupWindow: parseDuration(schedule.catchupWindow) ?? 3_600_000 },
    };
    const fingerprint = createHash('sha256').update(JSON.stringify({ ...options, action: { ...options.action, workflowType: 'RegisteredWorkflow' }, paused: schedule.paused })).digest('hex').slice(0, 32);
    return { id, options, state: { paused: schedule.paused, note: `${NOTE_PREFIX}${record.name}@${record.version} ${fingerprint}` } };
  }

  async function reconcileNow(tenantId: string, name: string): Promise<ReconcileResult> {
    const result: ReconcileResult = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
    const record = await scheduledVersion(tenantId, name);
    const wanted = record?.definition.schedules ?? [];
    await Promise.all(Array.from({ length: DEFINITION_LIMITS.maxSchedules }, async (_, index) => {
      const id = scheduleIdOf(tenantId, name, index);
      if (!record || index >= wanted.length) {
        try {
          await schedules.getHandle(id).delete();
          result.deleted++;
        } catch (err) {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        }
        return;
      }
      const want = desired(tenantId, record, index, wanted[index]);
      const now = await describe(id);
      if (!now) {
        try {
          await schedules.create<typeof RegisteredWorkflow>({ ...want.options, state: want.state, memo: { tenantId, workflow: name, index } });
          result.created++;
          return;
        } catch (err) {
          // Created meanwhile (another process reconciling): update it below.
          if ((err as Error).name !== 'ScheduleAlreadyRunning') refused(err);
        }
      } else if (now.state.note === want.state.note) {
        result.unchanged++;
        return;
      }
      await schedules.getHandle(id).update<typeof RegisteredWorkflow>(() => ({
        spec: want.options.spec, action: want.options.action, policies: want.options.policies, state: want.state,
      })).catch(refused);
      result.updated++;
    }));
    return result;
  }

  const service = {
    /**
     * Makes the tenant's Temporal Schedules of `name` those of its pinned (else stable) version:
     * creates the missing, updates the changed, deletes the ones it no longer declares (all of them
     * when the workflow does not exist). Safe to repeat at any time.
     */
    reconcile(tenantId: string, name: string): Promise<ReconcileResult> {
      const key = `${tenantId}\u0000${name}`;
      const next = (chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => reconcileNow(tenantId, name)).catch((err: unknown) => {
        if (err instanceof DomainError) throw err;
        // The definition and labels are stored: the caller learns that only the schedules lag.
        throw unavailable('schedules_unavailable', `the schedules of workflow ${name} could not be updated in Temporal (${err instanceof Error ? err.message : String(err)}); the change is saved: retry it, or the API repairs them when it starts`);
      });
      chains.set(key, next);
      void next.finally(() => chains.get(key) === next && chains.delete(key)).catch(() => undefined);
      return next;
    },

    /** Every tenant's workflows (at API start: repairs what a crash between a label change and its schedules left). */
    async reconcileAll(): Promise<{ workflows: number; failed: Array<{ tenantId: string; name: string; error: string }> }> {
      const failed: Array<{ tenantId: string; name: string; error: string }> = [];
      const names = await store.definitions.names(KIND);
      for (const { tenantId, name } of names) {
        await service.reconcile(tenantId, name).catch((err: unknown) => failed.push({ tenantId, name, error: err instanceof Error ? err.message : String(err) }));
      }
      return { workflows: names.length, failed };
    },

    /** The tenant's schedules of `name` as Temporal has them: next and recent runs, paused. */
    async list(tenantId: string, name: string): Promise<{ name: string; version: number; schedules: WorkflowScheduleView[] }> {
      const record = await scheduledVersion(tenantId, name);
      if (!record) throw notFound(`workflow ${name}`);
      const found = await Promise.all(Array.from({ length: DEFINITION_LIMITS.maxSchedules }, (_, index) => describe(scheduleIdOf(tenantId, name, index))));
      const views: WorkflowScheduleView[] = [];
      for (const [index, d] of found.entries()) {
        const input = d?.action.args?.[0] as WorkflowRunInput | undefined;
        // Ids are the tenant's by construction; the input's tenant is checked all the same.
        if (!d || !input || input.tenantId !== tenantId) continue;
        const schedule = input.workflow.definition.schedules[index];
        if (!schedule) continue;
        views.push({
          id: d.scheduleId, index, version: input.workflow.version,
          cron: schedule.cron, timezone: schedule.timezone, overlap: schedule.overlap, catchupWindow: schedule.catchupWindow, inputs: input.inputs,
          paused: d.state.paused,
          nextRuns: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
          recentRuns: d.info.recentActions.map((a) => ({ runId: a.action.workflow.workflowId, scheduledAt: a.scheduledAt.toISOString(), takenAt: a.takenAt.toISOString() })),
          running: d.info.runningActions.map((a) => a.workflow.workflowId),
          actionsTaken: d.info.numActionsTaken,
          createdAt: d.info.createdAt.toISOString(),
        });
      }
      return { name, version: record.version, schedules: views };
    },
  };
  return service;
}
export type WorkflowSchedules = ReturnType<typeof workflowSchedules>;
