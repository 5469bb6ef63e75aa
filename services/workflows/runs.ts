// Starting registered workflows' runs: inputs checked against the definition's JSON Schema, the
// version resolved (stable, canary, pinned or requested — recorded with the run), the run record
// written, and RegisteredWorkflow started on the workflows task queue; resuming a failed run
// (run-control.ts reads what it recorded). Reading, approving and cancelling a run are the agents'
// run service's (GET /v1/runs/:id works for every kind).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Store, RunRecord } from '../store';
import type { KeelConfig } from '../config';
import type { AuditActor, AuditLog } from '../audit';
import { versionService } from '../versions';
import { compileSchemaCheck } from '../json-schema';
import { invalid, notFound } from '../errors';
import { startRecordedWorkflow } from '../temporal';
import { RegisteredWorkflow } from '../../workflows/registered';
import type { JsonValue } from './cel';
import type { WorkflowDefinition } from './definition';
import type { WorkflowParentLink, WorkflowRunInput } from './run-types';
import { parseDuration } from './duration';
import { workflowRunControl } from './run-control';

export interface StartWorkflowRunRequest {
  workflow: string;
  version?: number;
  inputs?: Record<string, unknown>;
  priority?: 'interactive' | 'batch';
}

const PRIORITY_KEY = { interactive: 1, batch: 5 } as const;
/** A run started or resumed without a priority: a person is waiting for it. */
const DEFAULT_PRIORITY = 'interactive';
const SYSTEM: AuditActor = { type: 'system', id: 'keel' };
const MAX_INPUT_BYTES = 1_000_000;

/** The inputs, checked against the definition's `inputs` schema: an `invalid_inputs` error (400) says where they fail. */
export function checkInputs(definition: WorkflowDefinition, inputs: Record<string, unknown>): Record<string, JsonValue> {
  if (JSON.stringify(inputs).length > MAX_INPUT_BYTES) throw invalid(`the inputs are larger than ${MAX_INPUT_BYTES} bytes`, undefined, 'invalid_inputs');
  const result = compileSchemaCheck(definition.inputs)(inputs);
  if (!result.valid) throw invalid(`the inputs do not match the workflow's inputs schema: ${result.errorMessage.replace(/\bdata\b/g, 'inputs')}`, undefined, 'invalid_inputs');
  return inputs as Record<string, JsonValue>;
}

export type RunSettings = Pick<WorkflowRunInput, 'inlineBytes' | 'contextMaxTokens' | 'agentDefaults' | 'modelOutage'>;

export function runSettingsFrom(config: KeelConfig): RunSettings {
  return {
    inlineBytes: config.agents.inlineContentBytes,
    contextMaxTokens: config.agents.contextMaxTokens,
    agentDefaults: { maxSteps: config.agents.maxSteps, maxTotalTokens: config.agents.maxTotalTokens, stepsPerHistory: config.agents.stepsPerHistory },
    modelOutage: { windowSeconds: config.agents.modelOutageWindowSeconds, maxIntervalSeconds: config.agents.modelRetryMaxIntervalSeconds },
  };
}

/** What a run of this version runs with: its definition's limits, within `cap` (a parent's remaining budget). */
export function workflowRunInput(p: {
  runId: string; tenantId: string; name: string; version: number; definition: WorkflowDefinition; inputs: Record<string, JsonValue>;
  priority: 'interactive' | 'batch'; versionReason?: string; settings: RunSettings; defaultDeadlineSeconds: number;
  cap?: WorkflowRunInput['limits']; parent?: WorkflowParentLink; depth?: number;
}): WorkflowRunInput {
  const own = p.definition.limits;
  const atMost = (mine: number | undefined, cap: number | undefined) => (mine === undefined ? cap : cap === undefined ? mine : Math.min(mine, cap));
  const ownDeadline = own.deadline ? Math.ceil((parseDuration(own.deadline) ?? 0) / 1000) : p.defaultDeadlineSeconds;
  const maxTotalTokens = atMost(own.maxTotalTokens, p.cap?.maxTotalTokens);
  const maxCostUsd = atMost(own.maxCostUsd, p.cap?.maxCostUsd);
  return {
    runId: p.runId,
    tenantId: p.tenantId,
    workflow: { name: p.name, version: p.version, definition: p.definition },
    inputs: p.inputs,
    priority: p.priority,
    limits: {
      deadlineSeconds: p.cap ? Math.min(ownDeadline, p.cap.deadlineSeconds) : ownDeadline,
      ...(maxTotalTokens !== undefined ? { maxTotalTokens } : {}),
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
    },
    ...(p.versionReason ? { versionReason: p.versionReason } : {}),
    ...(p.parent ? { parent: p.parent, depth: p.depth ?? 1 } : {}),
    ...p.settings,
  };
}

export function workflowRunService(deps: { store: Store; temporal: Client; config: KeelConfig; audit?: AuditLog }) {
  const { store, temporal, config, audit } = deps;
  const versions = versionService({ store });

  /** Writes the run record, starts RegisteredWorkflow and audits it: the record as it now is. */
  async function launch(input: WorkflowRunInput, actor: AuditActor): Promise<RunRecord> {
    const { runId, tenantId, workflow } = input;
    await store.runs.create({
      id: runId, tenantId, kind: 'workflow', agentName: workflow.name, agentVersion: workflow.version,
      workflowId: runId, input: JSON.stringify(input.inputs), status: 'running',
      ...(input.versionReason ? { versionReason: input.versionReason } : {}),
      ...(input.resumedFrom ? { resumedFrom: input.resumedFrom } : {}),
      startedBy: actor.id,
    });
    await startRecordedWorkflow(`run ${runId}`, () => temporal.workflow.start(RegisteredWorkflow, {
      workflowId: runId,
      taskQueue: config.temporal.taskQueues.workflows,
      args: [{ ...input, runRecorded: true }],
      priority: { priorityKey: PRIORITY_KEY[input.priority] },
      workflowTaskTimeout: `${config.agents.workflowTaskTimeoutSeconds}s`,
      memo: { tenantId, workflow: workflow.name, workflowVersion: workflow.version },
    }), (message) => store.runs.failStart(runId, message));
    await audit?.append({
      id: `run.started:${runId}`, tenantId, action: 'run.started', actor, target: { type: 'run', id: runId },
      details: {
        workflow: workflow.name, version: workflow.version, versionReason: input.versionReason, priority: input.priority,
        ...(input.resumedFrom ? { resumedFrom: input.resumedFrom, reused: Object.keys(input.recorded ?? {}).length } : {}),
      },
    });
    const run = await store.runs.get(tenantId, runId);
    if (!run) throw notFound(`run ${runId}`);
    return run;
  }

  const control = workflowRunControl({ store, temporal, audit });
  const settings = (p: Omit<Parameters<typeof workflowRunInput>[0], 'settings' | 'defaultDeadlineSeconds'>) =>
    workflowRunInput({ ...p, settings: runSettingsFrom(config), defaultDeadlineSeconds: config.agents.deadlineSeconds });

  return {
    async start(tenantId: string, req: StartWorkflowRunRequest, actor = SYSTEM): Promise<RunRecord> {
      const runId = newRunId();
      // The run carries the definition it resolved: later label changes never reach it.
      const { record, pick } = await versions.resolve<WorkflowDefinition>(tenantId, 'workflow', req.workflow, runId, req.version);
      const inputs = checkInputs(record.definition, req.inputs ?? {});
      return launch(settings({
        runId, tenantId, name: record.name, version: record.version, definition: record.definition, inputs,
        priority: req.priority ?? DEFAULT_PRIORITY, versionReason: pick.reason,
      }), actor);
    },

    /**
     * A new run of a failed (cancelled, budget_exceeded) run's workflow that reuses what its steps
     * recorded and runs live from the step that failed; on `version` when given (else the run's own).
     */
    async resume(tenantId: string, runId: string, req: { version?: number; priority?: 'interactive' | 'batch' }, actor = SYSTEM): Promise<RunRecord> {
      const plan = await control.resumePlan(tenantId, runId, req.version);
      const inputs = checkInputs(plan.to.definition, plan.inputs);
      const input = settings({
        runId: newRunId(), tenantId, name: plan.to.name, version: plan.to.version, definition: plan.to.definition, inputs,
        priority: req.priority ?? DEFAULT_PRIORITY, versionReason: req.version === undefined ? 'resumed' : 'requested',
      });
      return launch({ ...input, recorded: plan.recorded, resumedFrom: runId }, actor);
    },

    signal: control.signal,
  };
}
export type WorkflowRunService = ReturnType<typeof workflowRunService>;

const newRunId = () => `run_${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
