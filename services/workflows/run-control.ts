// Acting on a registered workflow's run after it started: signalling a `wait` step, and reading
// what a finished run recorded so that a new run resumes it (runs.ts starts that run).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Store, RunRecord } from '../store';
import type { AuditActor, AuditLog } from '../audit';
import { DomainError, conflict, invalid, notFound, unavailable } from '../errors';
import { workflowSignal } from '../../workflows/registered-api';
import type { WorkflowDefinition } from './definition';
import type { RecordedStepResult, WorkflowStepRecord } from './run-types';
import { resumePlan, signalNames } from './resume';

/** A signal's payload, as JSON, is at most this large (it enters the run's history). */
export const MAX_SIGNAL_PAYLOAD_BYTES = 65_536;
/** What a resumed run reuses travels in its input (history): at most this much JSON. */
export const MAX_RECORDED_BYTES = 1_000_000;

const RESUMABLE = new Set(['failed', 'cancelled', 'budget_exceeded']);
const FINISHED = new Set([...RESUMABLE, 'completed']);
const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

export interface ResumeSource {
  to: { name: string; version: number; definition: WorkflowDefinition };
  inputs: Record<string, unknown>;
  recorded: Record<string, RecordedStepResult>;
}

export function workflowRunControl(deps: { store: Store; temporal: Client; audit?: AuditLog }) {
  const { store, temporal, audit } = deps;

  /** The tenant's registered workflow run (another tenant's is not found). */
  async function workflowRun(tenantId: string, runId: string): Promise<RunRecord> {
    const run = await store.runs.get(tenantId, runId);
    if (!run) throw notFound(`run ${runId}`);
    if (run.kind !== 'workflow') throw invalid(`run ${runId} is an agent's run: only a registered workflow's run takes this`, undefined, 'not_a_workflow_run');
    return run;
  }

  async function definition(tenantId: string, name: string, version: number) {
    const found = await store.definitions.version<WorkflowDefinition>(tenantId, 'workflow', name, version);
    if (!found) throw notFound(`workflow ${name} version ${version}`);
    return found;
  }

  return {
    /** What a run resuming `runId` (on `version`, else the run's own) starts from; the caller checks the inputs. */
    async resumePlan(tenantId: string, runId: string, version?: number): Promise<ResumeSource> {
      const run = await workflowRun(tenantId, runId);
      if (!FINISHED.has(run.status)) throw conflict(`run ${runId} has not finished (${run.status}): resume it once it has`, 'run_not_finished');
      if (!RESUMABLE.has(run.status)) throw conflict(`run ${runId} completed: there is nothing to resume`, 'run_completed');
      const from = await definition(tenantId, run.agentName, run.agentVersion);
      const to = version === undefined || version === from.version ? from : await definition(tenantId, run.agentName, version);
      const { recorded } = resumePlan(run.steps as WorkflowStepRecord[], from.definition, to.definition);
      if (Buffer.byteLength(JSON.stringify(recorded)) > MAX_RECORDED_BYTES) {
        throw new DomainError('too_large', 'resume_too_large', `what run ${runId} recorded is larger than ${MAX_RECORDED_BYTES} bytes: it cannot be resumed`);
      }
      return { to, inputs: JSON.parse(run.input) as Record<string, unknown>, recorded };
    },

    /** Delivers `payload` to the run's `wait` steps waiting for `name` (kept for one that waits later). */
    async signal(tenantId: string, runId: string, name: string, payload: unknown, actor = SYSTEM): Promise<{ accepted: true }> {
      const run = await workflowRun(tenantId, runId);
      if (FINISHED.has(run.status)) throw conflict(`run ${runId} has finished (${run.status})`, 'run_finished');
      const bytes = payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(payload));
      if (bytes > MAX_SIGNAL_PAYLOAD_BYTES) {
        throw new DomainError('too_large', 'payload_too_large', `the signal's payload is ${bytes} bytes: at most ${MAX_SIGNAL_PAYLOAD_BYTES}`);
      }
      // Only names the run's definition waits for: anything else would pile up unread in its history.
      const { definition: def } = await definition(tenantId, run.agentName, run.agentVersion);
      if (!signalNames(def).has(name)) throw invalid(`workflow ${run.agentName} version ${run.agentVersion} waits for no signal "${name}"`, undefined, 'unknown_signal');
      try {
        await temporal.workflow.getHandle(run.workflowId).signal(workflowSignal, { name, ...(payload !== undefined ? { payload } : {}) });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw conflict(`run ${runId} has finished`, 'run_finished');
        throw unavailable('temporal_unavailable', (err as Error).message);
      }
      await audit?.append({ tenantId, action: 'run.signalled', actor, target: { type: 'run', id: runId }, details: { signal: name, bytes } });
      return { accepted: true };
    },
  };
}
