// `agent` and `workflow` steps: a child run (an agent's AgentRunWorkflow, another registered
// workflow) with a budget carved from what this run has left, its usage counted on the step.
import { CancellationScope, ChildWorkflowFailure, ParentClosePolicy, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AgentActivities, WorkflowActivities } from '../../activities/types';
import type { AgentRunInput, RunOutcome } from '../../services/agents/types';
import type { JsonValue } from '../../services/workflows/policy';
import type { StepOf, WorkflowRunInput, WorkflowRunOutcome, WorkflowStepRecord } from '../../services/workflows/types';
import { activityFailure, messageOf } from './control';
import type { WorkflowJournal } from './journal';
import { StepFailure, type Evaluator, type Scope, type Value } from './values';

const { startChildRun } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10, nonRetryableErrorTypes: ['ChildAgentUnavailable', 'ToolServerUnknown'] },
});
const { prepareChildWorkflow } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['RetrievalUnavailable', 'ChildWorkflowUnavailable', 'InvalidInputs', 'NotFound'] },
});

const MAX_WORKFLOW_DEPTH = 8;

/** What child steps need of the run (the interpreter's deps fit). */
export interface ChildStepDeps {
  input: WorkflowRunInput;
  journal: WorkflowJournal;
  workflows: {
    registered: (input: WorkflowRunInput) => Promise<WorkflowRunOutcome>;
    agent: (input: AgentRunInput) => Promise<RunOutcome>;
  };
}

export class ChildSteps {
  constructor(
    private readonly deps: ChildStepDeps,
    private readonly evaluator: Evaluator,
    private readonly checkLimits: () => void,
  ) {}

  private get input() {
    return this.deps.input;
  }

  private get journal() {
    return this.deps.journal;
  }

  private remaining() {
    const { limits } = this.input;
    const u = this.journal.usage;
    const deadlineAt = workflowInfo().startTime.getTime() + limits.deadlineSeconds * 1000;
    return {
      tokens: limits.maxTotalTokens !== undefined ? Math.max(0, limits.maxTotalTokens - u.totalTokens) : undefined,
      costUsd: limits.maxCostUsd !== undefined ? Math.max(0, limits.maxCostUsd - u.costUsd) : undefined,
      deadlineSeconds: Math.max(0, Math.floor((deadlineAt - Date.now()) / 1000)),
    };
  }

  async agent(step: StepOf<'agent'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    this.checkLimits();
    const text = await this.evaluator.text(step.input, scope);
    const left = this.remaining();
    const { agentDefaults } = this.input;
    const budget = {
      maxSteps: agentDefaults.maxSteps,
      maxTotalTokens: Math.floor((left.tokens ?? agentDefaults.maxTotalTokens) * step.budgetShare),
      ...(left.costUsd !== undefined ? { maxCostUsd: left.costUsd * step.budgetShare } : {}),
      deadlineSeconds: left.deadlineSeconds,
    };
    if (budget.maxTotalTokens < 1 || budget.deadlineSeconds < 1 || (budget.maxCostUsd !== undefined && budget.maxCostUsd <= 0)) {
      throw new StepFailure('no_budget', `the run has no budget left for agent ${step.agent}`);
    }
    const parent = { runId: this.input.runId, workflowId: workflowInfo().workflowId, step: record.index, callIndex: attempt - 1 };
    const childInput = await startChildRun({
      tenantId: this.input.tenantId,
      childRunId: `${this.input.runId}-s${record.index}c${attempt - 1}`,
      parent,
      ref: step.agent,
      input: text,
      priority: this.input.priority,
      budget,
      stepsPerHistory: agentDefaults.stepsPerHistory,
      ...(this.input.modelOutage ? { modelOutage: this.input.modelOutage } : {}),
    }).catch((err) => {
      throw activityFailure(err, 'agent_unavailable');
    });
    const outcome = await this.child(() =>
      executeChild(this.deps.workflows.agent, {
        workflowId: childInput.runId,
        args: [childInput],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        memo: { tenantId: childInput.tenantId, agent: childInput.agent.name, agentVersion: childInput.agent.version, parentRunId: parent.runId },
      }),
    );
    if (outcome.usage) this.journal.countUsage(record, outcome.usage);
    if (outcome.status !== 'completed') {
      throw new StepFailure(`agent_${outcome.status}`, outcome.error?.message ?? (outcome.limit ? `limit ${outcome.limit} reached` : `the agent run ${outcome.status}`));
    }
    return (outcome.parsedOutput as JsonValue | undefined) ?? outcome.output ?? '';
  }

  async workflow(step: StepOf<'workflow'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    this.checkLimits();
    const depth = (this.input.depth ?? 0) + 1;
    if (depth > MAX_WORKFLOW_DEPTH) throw new StepFailure('too_deep', `workflows may nest at most ${MAX_WORKFLOW_DEPTH} deep`);
    const names = Object.keys(step.inputs);
    const values = await this.evaluator.evaluate(names.map((n) => ({ kind: 'expression' as const, source: step.inputs[n] })), scope, { inline: true });
    const left = this.remaining();
    const parent = { runId: this.input.runId, workflowId: workflowInfo().workflowId, step: record.index, callIndex: attempt - 1 };
    const { input } = this;
    const childInput = await prepareChildWorkflow({
      tenantId: input.tenantId,
      childRunId: `${input.runId}-s${record.index}c${attempt - 1}`,
      ref: step.workflow,
      inputs: Object.fromEntries(names.map((n, i) => [n, values[i]])),
      parent,
      depth,
      priority: input.priority,
      limits: {
        deadlineSeconds: left.deadlineSeconds,
        ...(left.tokens !== undefined ? { maxTotalTokens: left.tokens } : {}),
        ...(left.costUsd !== undefined ? { maxCostUsd: left.costUsd } : {}),
      },
      settings: { inlineBytes: input.inlineBytes, contextMaxTokens: input.contextMaxTokens, agentDefaults: input.agentDefaults, ...(input.modelOutage ? { modelOutage: input.modelOutage } : {}) },
    }).catch((err) => {
      throw activityFailure(err, 'workflow_unavailable');
    });
    const outcome = await this.child(() =>
      executeChild(this.deps.workflows.registered, {
        workflowId: childInput.runId,
        args: [childInput],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        memo: { tenantId: childInput.tenantId, workflow: childInput.workflow.name, workflowVersion: childInput.workflow.version, parentRunId: parent.runId },
      }),
    );
    if (outcome.usage) this.journal.countUsage(record, outcome.usage);
    if (outcome.status !== 'completed') {
      throw new StepFailure(`workflow_${outcome.status}`, outcome.error?.message ?? (outcome.limit ? `limit ${outcome.limit} reached` : `the workflow run ${outcome.status}`));
    }
    return (outcome.outputs ?? {}) as JsonValue;
  }

  /** A child that fails or is cancelled on its own fails the step; this run's own cancellation ends the run. */
  private async child<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (CancellationScope.current().consideredCancelled || !(err instanceof ChildWorkflowFailure)) throw err;
      throw new StepFailure('child_failed', messageOf(err));
    }
  }
}
