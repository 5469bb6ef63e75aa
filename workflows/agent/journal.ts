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

/** What the run did since the journal was last asked: new events and the steps they touched. */
export interface RunProgress {
  events: CarriedRunState['events'];
  steps: Array<ModelStep | ToolStep>;
}

/**
 * Two ways to keep a run, by when the run started:
 * - recording progress (`onProgress` set): every event and touched step leaves through `onProgress`
 *   (into the store) soon after it happens; the state keeps only steps still open, so nothing grows
 *   with the run's length, and step texts are whole;
 * - the earlier way (histories recorded before): state holds every step (texts previewed) and the
 *   events until they are archived.
 */
export class RunJournal {
  status: RunStatus = 'running';
  private outcome?: RunOutcome;
  private readonly touched = new Map<number, ModelStep | ToolStep>();

  constructor(
    private readonly runId: string,
    private readonly state: CarriedRunState,
    private onProgress?: () => void,
  ) {
    // A run that continued as new from the earlier way carries steps the store has not seen.
    if (onProgress) for (const step of state.steps) this.touched.set(step.index, step);
  }

  get recordsProgress(): boolean {
    return this.state.nextStepIndex !== undefined;
  }

  /** From here on, events wait for `takeProgress` (the run's last ones leave with its outcome). */
  holdProgress() {
    this.onProgress = undefined;
  }

  /** `record: 'with-next'` keeps the event for the next one's progress write (one write for both). */
  emit(type: RunEventType, data: Record<string, unknown>, opts: { record?: 'now' | 'with-next' } = {}) {
    this.state.events.push({ id: this.state.nextEventId++, type, at: new Date().toISOString(), data });
    if (opts.record !== 'with-next') this.onProgress?.();
  }

  /** Records what is waiting now (events emitted `with-next`). */
  recordNow() {
    this.onProgress?.();
  }

  /** Removes and returns what happened since the last call; finished steps leave the state. */
  takeProgress(): RunProgress {
    const steps = [...this.touched.values()].map((s) => ({ ...s }));
    this.touched.clear();
    this.state.steps = this.state.steps.filter((s) => !s.endedAt);
    return { events: this.takeEvents(), steps };
  }

  private nextStep(): number {
    if (this.state.nextStepIndex === undefined) return this.state.steps.length;
    return this.state.nextStepIndex++;
  }

  private touch(step: ModelStep | ToolStep) {
    if (this.recordsProgress) this.touched.set(step.index, step);
  }

  private preview(text: string): string {
    return this.recordsProgress ? text : text.slice(0, PREVIEW_CHARS);
  }

  get lastEventId(): number {
    return this.state.nextEventId - 1;
  }

  /** Removes and returns the events held in state (they are being archived to the store). */
  takeEvents() {
    return this.state.events.splice(0, this.state.events.length);
  }

  /** `record: 'with-next'` when the model call carries the step's start (taken with `takeProgress`). */
  startModelStep(opts: { record?: 'now' | 'with-next' } = {}): ModelStep {
    const step: ModelStep = { index: this.nextStep(), kind: 'model', startedAt: now(), toolCalls: [] };
    this.state.steps.push(step);
    this.touch(step);
    this.emit('step.started', { step: step.index, kind: 'model' }, opts);
    return step;
  }

  finishModelStep(step: ModelStep, response: ChatResponse) {
    step.endedAt = now();
    step.servedBy = response.servedBy;
    step.usage = response.usage;
    step.costUsd = response.costUsd;
    step.text = this.preview(response.content);
    const ref = (response as { contentRef?: { ref: string } }).contentRef?.ref;
    if (ref) step.textRef = ref;
    this.touch(step);
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
      ...(step.textRef ? { textRef: step.textRef } : {}),
      toolCalls: step.toolCalls,
      usage: response.usage,
      servedBy: response.servedBy,
    });
  }

  failModelStep(step: ModelStep, message: string) {
    step.endedAt = now();
    step.error = message;
    this.touch(step);
    this.emit('step.finished', { step: step.index, kind: 'model', error: message });
  }

  startToolStep(p: PlannedCall, decision: RecordedDecision | undefined): ToolStep {
    const step: ToolStep = {
      index: this.nextStep(),
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
    this.touch(step);
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
    this.touch(step);
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
