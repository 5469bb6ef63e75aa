// `retrieve` and `tool` steps: one activity each (a tool call may first wait for a person's approval).
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AgentActivities, WorkflowActivities } from '../../activities/types';
import { needsApproval } from '../../services/agents/policy';
import type { JsonValue } from '../../services/workflows/policy';
import type { StepOf, WorkflowRunInput, WorkflowStepRecord } from '../../services/workflows/types';
import type { WorkflowJournal } from './journal';
import type { StepApprovals } from './approvals';
import { activityFailure, parseDuration } from './control';
import { StepFailure, type Evaluator, type Scope, type Value } from './values';

const activityOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumAttempts: 10 } } as const;
const { listAgentTools } = proxyActivities<AgentActivities>({
  ...activityOptions,
  retry: { ...activityOptions.retry, nonRetryableErrorTypes: ['ChildAgentUnavailable', 'ToolServerUnknown'] },
});
const { retrieveForStep } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['RetrievalUnavailable', 'ChildWorkflowUnavailable', 'InvalidInputs', 'NotFound'] },
});
// A regular activity that heartbeats: a cancelled run's in-flight tool call is cancelled within seconds.
const { callTool } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes: ['ToolServerUnknown'] },
});

export const PENDING_MESSAGE_CHARS = 2000;

export class ActivitySteps {
  constructor(
    private readonly deps: { input: WorkflowRunInput; journal: WorkflowJournal; lean?: boolean },
    private readonly evaluator: Evaluator,
    private readonly approvals: StepApprovals,
  ) {}

  private get input() {
    return this.deps.input;
  }

  private get journal() {
    return this.deps.journal;
  }

  async retrieve(step: StepOf<'retrieve'>, scope: Scope, record: WorkflowStepRecord): Promise<Value> {
    const [query, documentId] = await Promise.all([
      this.evaluator.text(step.query, scope),
      step.documentId !== undefined ? this.evaluator.text(step.documentId, scope) : Promise.resolve(undefined),
    ]);
    if (!query.trim()) throw new StepFailure('invalid_query', 'the query is empty');
    const result = await retrieveForStep({
      tenantId: this.input.tenantId, runId: this.input.runId, step: record.index,
      collection: step.collection, query: query.slice(0, 4000), mode: step.mode, topK: step.topK, rerank: step.rerank,
      ...(documentId ? { documentId } : {}), inlineBytes: this.input.inlineBytes,
    }).catch((err) => {
      throw activityFailure(err, 'retrieval_failed');
    });
    return result as Value;
  }

  async tool(step: StepOf<'tool'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    const grants = [{ server: step.server, tools: [step.tool], approval: {} }];
    const evaluations = [{ kind: 'value' as const, source: step.arguments }];
    const args = ((this.deps.lean ? this.evaluator.evaluateNow(evaluations, scope) : undefined) ?? (await this.evaluator.evaluate(evaluations, scope, { inline: true })))[0];
    if (!args || typeof args !== 'object' || Array.isArray(args)) throw new StepFailure('invalid_arguments', 'the tool arguments must be an object');
    const policy = step.approval.policy;
    if (policy !== 'never') {
      let ask = policy === 'always';
      if (policy === 'auto') {
        const tools = await listAgentTools({ tenantId: this.input.tenantId, grants }).catch((err) => {
          throw activityFailure(err, 'tool_unavailable');
        });
        const tool = tools.find((t) => t.name === step.tool);
        if (!tool) throw new StepFailure('tool_unknown', `the server ${step.server} has no tool ${step.tool}`);
        ask = needsApproval(grants[0], tool);
      }
      if (ask) {
        const message = step.approval.message !== undefined ? await this.evaluator.text(step.approval.message, scope) : undefined;
        const path = record.id;
        const decision = await this.approvals.waitForDecision(
          { kind: 'tool', toolCallId: path, server: step.server, tool: step.tool, arguments: args as Record<string, unknown>, requestedAt: new Date().toISOString(), ...(message ? { message: message.slice(0, PENDING_MESSAGE_CHARS) } : {}) },
          parseDuration(step.approval.timeout),
          step.approval.defaultDecision,
        );
        if (decision.decision !== 'approve') {
          const by = decision.timedOut ? 'nobody in time (the default decision)' : (decision.by ?? 'a reviewer');
          throw new StepFailure('approval_rejected', `the call of ${step.server}/${step.tool} was rejected by ${by}${decision.reason ? `: ${decision.reason}` : ''}`);
        }
      }
    }
    // The step's start (and what came before it) is recorded by the call, before the tool acts.
    const progress = this.deps.lean ? this.journal.carryProgress() : undefined;
    const result = await callTool({
      ...(progress ? { progress } : {}),
      tenantId: this.input.tenantId,
      runId: this.input.runId,
      grants,
      server: step.server,
      tool: step.tool,
      arguments: args as Record<string, unknown>,
      idempotencyKey: `${workflowInfo().workflowId}:${record.id}:${attempt}`,
      step: record.index,
      callIndex: attempt - 1,
      inlineBytes: this.input.inlineBytes,
    }).catch((err) => {
      throw activityFailure(err, 'tool_failed');
    });
    this.journal.countUsage(undefined, { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, toolCalls: 1 });
    if (result.isError) throw new StepFailure('tool_error', result.content.slice(0, 2000));
    if (result.contentRef) return { $blob: result.contentRef.ref, bytes: result.contentRef.bytes, preview: result.content };
    return (result.structuredContent as JsonValue | undefined) ?? result.content;
  }
}
