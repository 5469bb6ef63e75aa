// An activity inbound interceptor that traces agent runs without touching the workflow or the
// activities, from each activity's type, input and result (local activities included):
//  - callModel      → a generation observation (usage, cost, ttft, failovers; ERROR on failure)
//  - callTool       → a tool observation (and, with an audit sink, a `tool.executed` entry)
//  - retrieveForStep → a retriever observation (a registered workflow's `retrieve` step: query, collection, top results with scores)
//  - the first model call (for registered workflows startWorkflowRun, or the progress write of run.started that names the tenant) and recordRunOutcome → the trace itself (start, then output and end)
// Observation ids come from the workflow id and step, so retried attempts upsert one record.
// Tracing never changes an activity's result or error.
import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { observationId, traceIdForWorkflow } from './ids';
import { childAgentCallObservation, generationObservation, parentTraceLink, retrieverObservation, runTrace, toolObservation, type GenerationResponseLike } from './observations';
import type { TraceRecorder } from './recorder';
import { activityTraceDetail } from './activity-detail';

/** What the run's store record says about it (the store's RunRecord fits). */
export interface TracedRunRecord {
  id: string;
  tenantId: string;
  agentName: string;
  agentVersion: number | string;
  workflowId: string;
  input: string;
  createdAt: string;
  /** Set when the run replays another: its trace becomes the trace's `replayOf`. */
  replay?: { of: string; traceId: string; mode: string } | null;
  /** Set on a conversation's turns: the trace's session. */
  conversationId?: string | null;
  /** Set when a parent run called this one as a child agent: its trace nests under the parent's. */
  parent?: { runId: string; workflowId: string; step: number; callIndex: number } | null;
}

export interface TracingHooks {
  recorder: TraceRecorder;
  lookupRun(tenantId: string, runId: string): Promise<TracedRunRecord | undefined>;
  environment?: string;
  /** Receives `tool.executed` entries (arguments are masked by the audit log). */
  audit?: { append(entry: ToolExecutedEntry): Promise<unknown> };
}

export interface ToolExecutedEntry {
  id: string;
  tenantId: string;
  action: 'tool.executed';
  actor: { type: 'workflow'; id: string };
  target: { type: 'tool'; id: string };
  details: Record<string, unknown>;
}

// The fields tracing reads from the activities' inputs (activities/types.ts has the full contract).
interface ModelInput {
  tenantId: string;
  runId: string;
  step: number;
  request?: { model: string; messages: unknown[]; tools?: Array<{ name: string }>; generation?: Record<string, unknown> };
  /** A claim-checking call: its whole request comes as the activity's trace detail. */
  conversation?: { model: string; generation?: Record<string, unknown> };
}
interface ToolInput { tenantId: string; runId: string; server: string; tool: string; arguments: Record<string, unknown>; idempotencyKey: string; step?: number; callIndex?: number }
interface OutcomeInput { runId: string; tenantId: string; outcome: { status: string; output?: unknown; error?: unknown } & Record<string, unknown>; usage?: unknown }
interface RetrievalInput { tenantId: string; runId: string; step: number; query: string; collection: string }
/** How many of a retrieval's results its observation shows. */
const TRACED_RESULTS = 10;
interface ToolResult { content: string; isError: boolean; replayed?: boolean }

interface Execution { workflowId: string; temporalRunId: string; attempt: number }
type NextExecute = Next<ActivityInboundCallsInterceptor, 'execute'>;

/** Worker interceptor factory: `interceptors: { activity: [agentRunTracing(hooks)] }`. */
export function agentRunTracing(hooks: TracingHooks): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new AgentRunTracingInbound(ctx, hooks) });
}

export class AgentRunTracingInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly hooks: TracingHooks,
  ) {}

  async execute(input: ActivityExecuteInput, next: NextExecute): Promise<unknown> {
    const { activityType, workflowExecution, attempt } = this.ctx.info;
    if (!workflowExecution) return next(input);
    const execution = { workflowId: workflowExecution.workflowId, temporalRunId: workflowExecution.runId, attempt };
    const arg = input.args[0];
    switch (activityType) {
      case 'callModel':
        return this.traceModelCall(execution, arg as ModelInput, () => next(input));
      case 'callTool':
        return this.traceToolCall(execution, arg as ToolInput, () => next(input));
      case 'retrieveForStep':
        return this.traceRetrieval(execution, arg as RetrievalInput, () => next(input));
      case 'startWorkflowRun': {
        // A registered workflow's trace starts with its run (its first step may not be a model call).
        const result = await next(input);
        this.hooks.recorder.track(safely(() => this.recordRun(arg as { tenantId: string; runId: string }, execution)));
        return result;
      }
      case 'recordRunProgress': {
        // A registered run the run service recorded skips startWorkflowRun: its trace starts with the
        // write of its run.started event, which names its tenant.
        const result = await next(input);
        const write = arg as { tenantId?: string; runId: string; events?: Array<{ type: string }> };
        if (write.tenantId && write.events?.some((e) => e.type === 'run.started')) {
          this.hooks.recorder.track(safely(() => this.recordRun({ tenantId: write.tenantId!, runId: write.runId }, execution)));
        }
        return result;
      }
      case 'recordRunOutcome': {
        const result = await next(input);
        this.hooks.recorder.track(safely(() => this.recordRun(arg as OutcomeInput, execution, arg as OutcomeInput)));
        return result;
      }
      default:
        return next(input);
    }
  }

  private async traceModelCall(execution: Execution, input: ModelInput, run: () => Promise<unknown>) {
    const startTime = new Date().toISOString();
    // The trace record needs a store read: off the activity's path.
    if (input.step === 0 && execution.attempt === 1) this.hooks.recorder.track(safely(() => this.recordRun(input, execution)));
    const record = (outcome: { response: GenerationResponseLike } | { error: string }) =>
      safely(() => {
        const detail = activityTraceDetail(this.ctx);
        const request = detail?.request ?? input.request ?? { model: input.conversation?.model ?? '', messages: [], generation: input.conversation?.generation };
        const whole = 'response' in outcome && detail?.response ? { response: detail.response } : outcome;
        this.hooks.recorder.recordObservation(
          generationObservation({ workflowId: execution.workflowId, step: input.step, request, ...whole, startTime, endTime: new Date().toISOString() }),
          { tenantId: input.tenantId },
        );
      });
    try {
      const response = await run();
      await record({ response: response as GenerationResponseLike });
      return response;
    } catch (err) {
      await record({ error: (err as Error).message });
      throw err;
    }
  }

  /** A workflow's `retrieve` step: a retriever observation with the query, the collection and the top results with their scores. */
  private async traceRetrieval(execution: Execution, input: RetrievalInput, run: () => Promise<unknown>) {
    const startTime = new Date().toISOString();
    const record = (error?: string) =>
      safely(() => {
        const detail = activityTraceDetail(this.ctx)?.retrieval;
        const results = (detail?.results ?? []).slice(0, TRACED_RESULTS).map((r) => ({
          id: r.id, score: r.score, documentId: r.documentId, title: r.title, text: typeof r.text === 'string' ? r.text.slice(0, 500) : undefined,
        }));
        this.hooks.recorder.recordObservation(
          retrieverObservation({
            workflowId: execution.workflowId, key: `retrieval:${input.step}`, query: input.query, collection: input.collection,
            results, ...(error ? { error } : {}), startTime, endTime: new Date().toISOString(),
          }),
          { tenantId: input.tenantId },
        );
      });
    try {
      const result = await run();
      await record();
      return result;
    } catch (err) {
      await record((err as Error).message);
      throw err;
    }
  }

  private async traceToolCall(execution: Execution, input: ToolInput, run: () => Promise<unknown>) {
    const startTime = new Date().toISOString();
    const record = (result: ToolResult | undefined, error: string | undefined) =>
      safely(async () => {
        const keyed = Number.isInteger(input.step) && Number.isInteger(input.callIndex);
        const obs = toolObservation({
          workflowId: execution.workflowId,
          step: keyed ? input.step! : -1,
          callIndex: keyed ? input.callIndex! : 0,
          server: input.server,
          tool: input.tool,
          arguments: input.arguments,
          result,
          error,
          startTime,
          endTime: new Date().toISOString(),
        });
        // Calls scheduled by workflow code that did not pass their step are keyed by their idempotency key.
        if (!keyed) obs.id = observationId(traceIdForWorkflow(execution.workflowId), `tool:${input.idempotencyKey}`);
        this.hooks.recorder.recordObservation(obs, { tenantId: input.tenantId });
        // Audited once the tool answered (a transport failure may not have reached it); a
        // result a replay served from the original trace executed nothing.
        if (!result || result.replayed) return;
        await this.hooks.audit?.append({
          id: `tool.executed:${input.idempotencyKey}`,
          tenantId: input.tenantId,
          action: 'tool.executed',
          actor: { type: 'workflow', id: execution.workflowId },
          target: { type: 'tool', id: `${input.server}/${input.tool}` },
          details: { runId: input.runId, arguments: input.arguments, isError: result.isError },
        });
      });
    try {
      const result = await run();
      const whole = activityTraceDetail(this.ctx)?.toolResult;
      await record(whole ? { ...(result as ToolResult), ...whole } : (result as ToolResult), undefined);
      return result;
    } catch (err) {
      await record(undefined, (err as Error).message);
      throw err;
    }
  }

  private async recordRun(input: { tenantId: string; runId: string }, execution: Execution, end?: OutcomeInput) {
    const { hooks } = this;
    const run = await hooks.lookupRun(input.tenantId, input.runId);
    if (!run) return;
    const outcome = end?.outcome;
    const level = outcome ? outcomeLevel(outcome) : {};
    const parent = run.parent ? { runId: run.parent.runId, ...parentTraceLink(run.parent) } : undefined;
    if (run.parent) {
      hooks.recorder.recordObservation(
        childAgentCallObservation({
          parent: run.parent, childWorkflowId: run.workflowId, childRunId: run.id, agentName: run.agentName,
          input: run.input, output: outcome ? (outcome.output ?? outcome) : undefined,
          startTime: new Date(run.createdAt).toISOString(), endTime: end ? new Date().toISOString() : undefined, ...level,
        }),
        { tenantId: run.tenantId },
      );
    }
    hooks.recorder.recordTrace(
      runTrace({
        workflowId: run.workflowId,
        runId: run.id,
        tenantId: run.tenantId,
        agentName: run.agentName,
        agentVersion: run.agentVersion,
        environment: hooks.environment,
        input: run.input,
        output: outcome ? (outcome.output ?? outcome) : undefined,
        startTime: new Date(run.createdAt).toISOString(),
        endTime: end ? new Date().toISOString() : undefined,
        replayOf: run.replay?.traceId,
        // A conversation's turns are one Langfuse session.
        ...(run.conversationId ? { sessionId: run.conversationId } : {}),
        metadata: {
          temporalRunId: execution.temporalRunId,
          ...(run.replay ? { replay: { of: run.replay.of, mode: run.replay.mode } } : {}),
          ...(parent ? { parent } : {}),
          ...(outcome ? { status: outcome.status, usage: end?.usage } : {}),
        },
        ...level,
      }),
    );
  }
}

async function safely(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch {
    // Tracing must not change the activity's outcome; the recorder counts its own failures.
  }
}

function outcomeLevel(outcome: OutcomeInput['outcome']): { level?: 'WARNING' | 'ERROR'; statusMessage?: string } {
  if (outcome.status === 'failed') {
    const error = outcome.error as { code?: string; message?: string } | undefined;
    return { level: 'ERROR', statusMessage: error?.message ?? 'run failed' };
  }
  if (outcome.status === 'completed') return {};
  const limit = typeof outcome.limit === 'string' ? `: ${outcome.limit}` : '';
  return { level: 'WARNING', statusMessage: `${outcome.status}${limit}` };
}
