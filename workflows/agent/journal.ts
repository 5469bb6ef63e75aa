// Keeps a run's steps, usage and event stream in the workflow state the run carries.
import type { ChatResponse } from '../../services/router/types';
import type {
  CarriedRunState,
  ModelStep,
  PendingApproval,
  RunEventType,
  RunOutcome,
  RunStatus,
  RunUsage,
  RunView,
  ToolStep,
} from '../../services/agents/types';
import type { PlannedCall } from './tool-plan';

/** How a human decided a tool call that needed approval (ApprovalGate's decisions fit). */
type RecordedDecision = Omit<NonNullable<ToolStep['approval']>, 'required'>;

const PREVIEW_CHARS = 2000;

export class RunJournal {
  status: RunStatus = 'running';
  private outcome?: RunOutcome;

  constructor(
    private readonly runId: string,
    private readonly state: CarriedRunState,
  ) {}

  emit(type: RunEventType, data: Record<string, unknown>) {
    this.state.events.push({ id: this.state.nextEventId++, type, at: new Date().toISOString(), data });
  }

  get lastEventId(): number {
    return this.state.nextEventId - 1;
  }

  /** Removes and returns the events held in state (they are being archived to the store). */
  takeEvents() {
    return this.state.events.splice(0, this.state.events.length);
  }

  startModelStep(): ModelStep {
    const step: ModelStep = { index: this.state.steps.length, kind: 'model', startedAt: now(), toolCalls: [] };
    this.state.steps.push(step);
    this.emit('step.started', { step: step.index, kind: 'model' });
    return step;
  }

  finishModelStep(step: ModelStep, response: ChatResponse) {
    step.endedAt = now();
    step.servedBy = response.servedBy;
    step.usage = response.usage;
    step.costUsd = response.costUsd;
    step.text = response.content.slice(0, PREVIEW_CHARS);
    step.toolCalls = response.toolCalls.map((c) => ({ id: c.id, name: c.name }));
    const u = this.state.usage;
    u.inputTokens += response.usage.inputTokens;
    u.outputTokens += response.usage.outputTokens;
    u.totalTokens += response.usage.totalTokens;
    u.costUsd += response.costUsd;
    u.modelCalls += 1;
    this.emit('step.finished', {
      step: step.index,
      kind: 'model',
      text: step.text,
      toolCalls: step.toolCalls,
      usage: response.usage,
      servedBy: response.servedBy,
    });
  }

  failModelStep(step: ModelStep, message: string) {
    step.endedAt = now();
    step.error = message;
    this.emit('step.finished', { step: step.index, kind: 'model', error: message });
  }

  startToolStep(p: PlannedCall, decision: RecordedDecision | undefined): ToolStep {
    const step: ToolStep = {
      index: this.state.steps.length,
      kind: 'tool',
      startedAt: now(),
      toolCallId: p.call.id,
      server: p.tool?.server ?? '',
      tool: p.tool?.name ?? p.call.name,
      arguments: p.call.arguments,
      approval: p.needsApproval
        ? { required: true, decision: decision?.decision, by: decision?.by, reason: decision?.reason }
        : undefined,
    };
    this.state.steps.push(step);
    this.emit('tool.call', { step: step.index, toolCallId: p.call.id, server: step.server, tool: step.tool, arguments: p.call.arguments });
    return step;
  }

  /** A child agent's usage counts against this run's budget. */
  countChildUsage(u: RunUsage) {
    const mine = this.state.usage;
    mine.inputTokens += u.inputTokens;
    mine.outputTokens += u.outputTokens;
    mine.totalTokens += u.totalTokens;
    mine.costUsd += u.costUsd;
    mine.modelCalls += u.modelCalls;
  }

  finishToolStep(step: ToolStep, content: string, isError: boolean) {
    step.endedAt = now();
    step.isError = isError;
    step.resultPreview = content.slice(0, PREVIEW_CHARS);
    this.state.usage.toolCalls += 1;
    this.emit('tool.result', { step: step.index, toolCallId: step.toolCallId, isError, preview: step.resultPreview });
  }

  finish(outcome: RunOutcome) {
    this.outcome = outcome;
    this.status = outcome.status;
    const type = outcome.status === 'completed' ? 'run.finished' : 'run.failed';
    this.emit(type, { status: outcome.status, output: outcome.output, error: outcome.error, limit: outcome.limit, usage: this.state.usage });
  }

  view(pending: PendingApproval[], afterEventId = 0): RunView {
    return {
      runId: this.runId,
      status: this.status,
      steps: this.state.steps,
      usage: this.state.usage,
      pendingApprovals: pending,
      outcome: this.outcome,
      events: this.state.events.filter((e) => e.id > afterEventId),
      lastEventId: this.state.nextEventId - 1,
    };
  }
}

function now() {
  return new Date().toISOString();
}
