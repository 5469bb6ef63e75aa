// What a registered workflow's run is, as the interpreter (workflows/registered.ts) keeps it and the
// API shows it. Pure types: importable from workflow code.
import type { JsonValue } from './cel';
import type { StepKind, WorkflowDefinition } from './definition';
import type { ModelOutagePolicy } from '../router/policy';

/** Where a child run (a `workflow` or `agent` step's) was started: the parent run, its workflow, the step record's index. */
export interface WorkflowParentLink {
  runId: string;
  workflowId: string;
  step: number;
  callIndex: number;
}

/** What a recorded step left for a resumed run: a `succeeded` one is not executed again. */
export interface RecordedStepResult {
  status: StepStatus;
  /** The whole output (a StoredValue when the run held it by reference). */
  output: JsonValue;
  /** An `onError: continue` step's error: later expressions still read `steps.<id>.error`. */
  error?: StepError;
}

export interface WorkflowRunInput {
  runId: string;
  tenantId: string;
  workflow: { name: string; version: number; definition: WorkflowDefinition };
  inputs: Record<string, JsonValue>;
  priority: 'interactive' | 'batch';
  /** Budgets over every model call of the run, child agents and workflows included. */
  limits: { deadlineSeconds: number; maxTotalTokens?: number; maxCostUsd?: number };
  /** Why the run got its version (stable | canary | pinned | requested | scheduled): the run record says so. */
  versionReason?: string;
  /**
   * Set when a Temporal Schedule started this run (services/workflows/schedules.ts): the action's
   * input is the same for every run, so the run's id is the workflow id Temporal gave it
   * (`<prefix>-<scheduled time>`), not `runId`.
   */
  schedule?: { id: string };
  /** Set when another workflow's `workflow` step started this run. */
  parent?: WorkflowParentLink;
  /** How many workflows deep this run is (0: started by the API or a schedule). */
  depth?: number;
  /** Values and texts above this many bytes travel by blob reference (`agents.inlineContentBytes`). */
  inlineBytes: number;
  /** The context budget of an `llm` step's conversation when the router does not know the model's window. */
  contextMaxTokens: number;
  /** What `agent` steps' child runs get besides their share of the budget. */
  agentDefaults: { maxSteps: number; maxTotalTokens: number; stepsPerHistory: number };
  modelOutage?: ModelOutagePolicy;
  /**
   * Resume: results of steps an earlier run recorded, by step path. A leaf step recorded as
   * `succeeded` is not executed: its output is reused and its step record says `reused: true`.
   */
  recorded?: Record<string, RecordedStepResult>;
  /** The run this one resumes (`POST /v1/runs/:id/resume`): its record says so. */
  resumedFrom?: string;
  /** The run service wrote the run's record before starting it: the run need not record itself (schedules and parents do not set it). */
  runRecorded?: boolean;
}

export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepError {
  code: string;
  message: string;
}

/**
 * One step's record in the run (the store's run_steps row). `id` is the step's path: its id, with
 * the item's place for steps inside a `map` body (`review[2].summarise`).
 */
export interface WorkflowStepRecord {
  index: number;
  id: string;
  kind: StepKind;
  status: StepStatus;
  startedAt: string;
  endedAt?: string;
  /** The output as text (JSON for non-strings), at most 2,000 characters. */
  output?: string;
  /** The output is a JSON value other than a string: `output` (and the stored blob) is its JSON. */
  outputJson?: true;
  /** `output` is cut and no blob holds the whole output (a resume runs such a step again). */
  outputTruncated?: true;
  /** The whole output's blob reference when it was claim-checked. */
  outputRef?: string;
  /** The stored output's size in bytes (with `outputRef`). */
  outputBytes?: number;
  error?: StepError;
  /** `onError: continue` replaced the step's failure by its fallback value. */
  continued?: true;
  /** Which attempt (1…retry.attempts) the step ended on. */
  attempt: number;
  /** What the step's model calls (and child runs) used. */
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number; costUsd: number };
  /** Resumed: the output is an earlier run's, nothing was executed. */
  reused?: true;
  /** Part of a compensation (after a failure or a cancellation). */
  compensation?: true;
}

/**
 * A value too large for workflow history: stored in the blob store, with a preview. Expressions
 * that read one are evaluated by an activity (`evaluateForStep`), which loads it.
 */
export interface StoredValue {
  $blob: string;
  bytes: number;
  preview: string;
  /** The blob holds JSON (a value); without it, text (a model's answer, a tool's result). */
  json?: true;
}

export function isStoredValue(v: unknown): v is StoredValue {
  return typeof v === 'object' && v !== null && typeof (v as StoredValue).$blob === 'string' && typeof (v as StoredValue).bytes === 'number';
}

export type WorkflowRunStatus = 'completed' | 'failed' | 'cancelled' | 'budget_exceeded';

export interface WorkflowRunOutcome {
  status: WorkflowRunStatus;
  /** The definition's `outputs`, evaluated after the last step (completed runs). */
  outputs?: Record<string, JsonValue>;
  /** `step`: the path of the step that failed the run. */
  error?: StepError & { step?: string };
  limit?: 'max_total_tokens' | 'max_cost_usd' | 'deadline';
  /** What the run used, children included (a child run returns it to its parent). */
  usage?: WorkflowRunUsage;
}

export interface WorkflowRunUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  modelCalls: number;
  toolCalls: number;
}

/** Its name, optionally `@version`. */
export function parseVersionedName(ref: string): { name: string; version?: number } {
  const at = ref.indexOf('@');
  return at < 0 ? { name: ref } : { name: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}
