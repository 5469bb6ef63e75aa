// The usage row of each model call a run makes, under an id that stays the same when Temporal
// retries the activity: the run, the step, the Temporal execution and activity, and the call's
// place within the activity (a summary before the answer). A retried attempt that calls the model
// again records nothing new: usage matches what the run counted (the answer it got, once).
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Store } from '../services/store';
import type { ModelCallOutcome, UsageRecorder } from '../services/usage';
import { activityWarn } from './log';

export interface RunCallUsage {
  record(call: { tenantId: string; runId: string; step: number }, callIndex: number, outcome: ModelCallOutcome): Promise<void>;
}

interface RunLabels {
  agent: string | null;
  workflow: string | null;
}

/** Runs whose labels stay cached in a worker; a run's many calls read its record once. */
const CACHED_RUNS = 1_000;

export function runCallUsage(deps: { recorder: UsageRecorder; runs: Pick<Store['runs'], 'get'> }): RunCallUsage {
  const cache = new Map<string, Promise<RunLabels>>();

  /** An agent run: its agent, and the workflow that called it if one did. A workflow run: its workflow. */
  async function lookup(tenantId: string, runId: string): Promise<RunLabels> {
    const run = await deps.runs.get(tenantId, runId);
    if (!run) return { agent: null, workflow: null };
    if (run.kind === 'workflow') return { agent: null, workflow: run.agentName };
    const parent = run.parentRunId ? await deps.runs.get(tenantId, run.parentRunId) : undefined;
    return { agent: run.agentName, workflow: parent?.kind === 'workflow' ? parent.agentName : null };
  }

  function labelsOf(tenantId: string, runId: string): Promise<RunLabels> {
    const key = `${tenantId}\n${runId}`;
    let labels = cache.get(key);
    if (!labels) {
      labels = lookup(tenantId, runId);
      labels.catch(() => cache.delete(key));
      cache.set(key, labels);
      if (cache.size > CACHED_RUNS) cache.delete(cache.keys().next().value!);
    }
    return labels;
  }

  return {
    async record(call, callIndex, outcome) {
      try {
        const { agent, workflow } = await labelsOf(call.tenantId, call.runId);
        await deps.recorder.record({ id: modelCallId(call.runId, call.step, callIndex), tenantId: call.tenantId, source: 'run', runId: call.runId, agent, workflow, outcome });
      } catch (err) {
        // The model has answered: failing now would make Temporal call it again.
        activityWarn('could not record model usage', err);
      }
    },
  };
}

/** Stable across the activity's attempts; unique per scheduled activity (a reset or continue-as-new is a new execution). */
export function modelCallId(runId: string, step: number, callIndex: number): string {
  let activity: string;
  try {
    const { workflowExecution, activityId } = Context.current().info;
    activity = `${workflowExecution?.runId ?? '-'}:${activityId}`;
  } catch {
    activity = randomUUID(); // called as a plain function (benchmarks, scripts): no activity to retry
  }
  return `run:${runId}:${step}:${activity}:${callIndex}`;
}
