// A registered workflow run's events, step records and usage, recorded as they happen: every event
// and touched step record leaves through `onProgress` (into the store, then the stream bus) soon
// after; the journal keeps only steps still open, so nothing grows with the run.
import type { PendingApproval, RunEvent, RunEventType, RunView } from '../../services/agents/types';
import { isStoredValue, type StepError, type StepKind, type WorkflowRunOutcome, type WorkflowRunUsage, type WorkflowStepRecord } from '../../services/workflows/types';

const PREVIEW_CHARS = 2000;

export function previewOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS) : text;
}

type OutputFields = Pick<WorkflowStepRecord, 'output' | 'outputJson' | 'outputTruncated' | 'outputRef' | 'outputBytes'>;

/**
 * What a step record keeps of an output: its text (JSON for non-strings) cut to a preview, and
 * enough to give the whole value back to a resumed run — the blob a stored value is in, or the
 * text itself when it was not cut.
 */
export function outputFields(value: unknown): OutputFields {
  if (isStoredValue(value)) {
    return { output: value.preview.slice(0, PREVIEW_CHARS), outputRef: value.$blob, outputBytes: value.bytes, ...(value.json ? { outputJson: true as const } : {}) };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    output: text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS) : text,
    ...(typeof value !== 'string' ? { outputJson: true as const } : {}),
    ...(text.length > PREVIEW_CHARS ? { outputTruncated: true as const } : {}),
  };
}

/** Steps whose start is recorded later with no wait in between: their call carries it, or they do no I/O. */
const HELD_START_KINDS = new Set<StepKind>(['llm', 'tool', 'set', 'branch', 'parallel', 'map']);

export class WorkflowJournal {
  status: RunView['status'] = 'running';
  readonly usage: WorkflowRunUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0, toolCalls: 0 };
  private nextEventId = 1;
  private nextIndex = 0;
  private events: RunEvent[] = [];
  private readonly open = new Map<number, WorkflowStepRecord>();
  private readonly touched = new Map<number, WorkflowStepRecord>();
  private outcome?: WorkflowRunOutcome;

  /**
   * `holdSteps`: a step's end, and the start of a step that does no waiting of its own (an activity
   * step's start travels with its call), wait for the next event recorded now, the next call that
   * carries progress, or the outcome: one write where there were several, and which write carries
   * an event is still decided when it is emitted.
   */
  constructor(
    private readonly runId: string,
    private onProgress?: () => void,
    private readonly opts: { holdSteps?: boolean } = {},
  ) {}

  get lastEventId(): number {
    return this.nextEventId - 1;
  }

  emit(type: RunEventType, data: Record<string, unknown>, opts: { record?: 'now' | 'with-next' } = {}): number {
    const id = this.nextEventId++;
    this.events.push({ id, type, at: new Date().toISOString(), data });
    if (opts.record !== 'with-next') this.onProgress?.();
    return id;
  }

  /** From here on, events wait for `takeProgress` (the run's last ones leave with its outcome). */
  holdProgress() {
    this.onProgress = undefined;
  }

  takeProgress(): { events: RunEvent[]; steps: WorkflowStepRecord[] } {
    const steps = [...this.touched.values()].map((s) => ({ ...s }));
    this.touched.clear();
    return { events: this.events.splice(0, this.events.length), steps };
  }

  /** What happened since the last progress write, for an activity to record before its work (undefined: nothing did). */
  carryProgress(): { events: RunEvent[]; steps: Array<{ index: number } & Record<string, unknown>>; usage: Record<string, number> } | undefined {
    const { events, steps } = this.takeProgress();
    if (events.length === 0 && steps.length === 0) return undefined;
    return { events, steps: steps as unknown as Array<{ index: number } & Record<string, unknown>>, usage: { ...this.usage } };
  }

  private touch(step: WorkflowStepRecord) {
    this.touched.set(step.index, step);
    if (step.endedAt) this.open.delete(step.index);
    else this.open.set(step.index, step);
  }

  /** Opens a step record and emits step.started; returns the record and the event's id (a streaming step's deltas follow it). */
  start(path: string, kind: StepKind, extra: Partial<WorkflowStepRecord> = {}): { step: WorkflowStepRecord; eventId: number } {
    const step: WorkflowStepRecord = { index: this.nextIndex++, id: path, kind, status: 'running', startedAt: now(), attempt: 1, ...extra };
    this.touch(step);
    const held = this.opts.holdSteps && HELD_START_KINDS.has(kind);
    const eventId = this.emit('step.started', { step: step.index, id: path, kind, ...(extra.compensation ? { compensation: true } : {}) }, held ? { record: 'with-next' } : {});
    return { step, eventId };
  }

  attempt(step: WorkflowStepRecord, attempt: number) {
    step.attempt = attempt;
    this.touch(step);
  }

  /** A step that ended: succeeded, failed or skipped (a skipped one opens and ends at once). */
  /** `value`: the step's output (a stored value's record keeps its reference and preview). */
  finish(step: WorkflowStepRecord, status: Exclude<WorkflowStepRecord['status'], 'running'>, result: { value?: unknown; error?: StepError; continued?: boolean } = {}) {
    step.status = status;
    step.endedAt = now();
    if (result.value !== undefined) Object.assign(step, outputFields(result.value));
    const output = step.output;
    if (result.error) step.error = result.error;
    if (result.continued) step.continued = true;
    this.touch(step);
    this.emit('step.finished', {
      step: step.index, id: step.id, kind: step.kind, status,
      ...(output !== undefined ? { output } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.continued ? { continued: true } : {}),
      ...(step.reused ? { reused: true } : {}),
      ...(step.usage ? { usage: step.usage } : {}),
    }, this.opts.holdSteps ? { record: 'with-next' } : {});
  }

  skip(path: string, kind: StepKind) {
    const { step } = this.start(path, kind);
    this.finish(step, 'skipped');
  }

  /** A model call's (or a child run's) usage: the step's and the run's. */
  countUsage(step: WorkflowStepRecord | undefined, u: { inputTokens: number; outputTokens: number; totalTokens: number; costUsd: number; modelCalls?: number; toolCalls?: number }) {
    const run = this.usage;
    run.inputTokens += u.inputTokens;
    run.outputTokens += u.outputTokens;
    run.totalTokens += u.totalTokens;
    run.costUsd += u.costUsd;
    run.modelCalls += u.modelCalls ?? 0;
    run.toolCalls += u.toolCalls ?? 0;
    if (!step) return;
    const s = (step.usage ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 });
    s.inputTokens += u.inputTokens;
    s.outputTokens += u.outputTokens;
    s.totalTokens += u.totalTokens;
    s.costUsd += u.costUsd;
    this.touch(step);
  }

  finishRun(outcome: WorkflowRunOutcome) {
    this.outcome = outcome;
    this.status = outcome.status;
    const type = outcome.status === 'completed' ? 'run.finished' : 'run.failed';
    this.emit(type, {
      status: outcome.status,
      ...(outcome.outputs ? { outputs: JSON.stringify(outcome.outputs).length <= PREVIEW_CHARS ? outcome.outputs : previewOf(outcome.outputs) } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.limit ? { limit: outcome.limit } : {}),
      usage: this.usage,
    });
  }

  view(pending: PendingApproval[], afterEventId = 0): RunView {
    return {
      runId: this.runId,
      status: this.status,
      steps: [...this.open.values()] as unknown as RunView['steps'],
      usage: this.usage,
      pendingApprovals: pending,
      outcome: this.outcome as unknown as RunView['outcome'],
      events: this.events.filter((e) => e.id > afterEventId),
      lastEventId: this.lastEventId,
    };
  }
}

function now() {
  return new Date().toISOString();
}
