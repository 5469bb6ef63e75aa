// Streamed chat with failover, pushed to a sink as the provider's bytes arrive (no promise per
// chunk). Before the first token a failed attempt is retried elsewhere without the caller
// noticing; after text was sent, the next deployment continues from that text (assistant
// prefill), so the caller sees no duplicated or lost text. Tool calls are held until their
// attempt completes, so a restarted tool-call stream never emits one twice. Several answers
// (`n` > 1) stream interleaved, each framed by `choice_start` / `choice_end`; they cannot be
// continued elsewhere, so a failure after their output was sent ends the stream.
// `stream-queue.ts` turns this into the AsyncIterable `chatStream` returns.
import type { Capability, Deployment, RouterConfig } from './config';
import { RouterError, toRouterErrorInfo } from './errors';
import { estimateRequestTokens } from './routing/plan';
import { structuredOutputError } from './routing/structured-output';
import { estimateTokens } from './tokens';
import type { AttemptClock, AttemptRun } from './routing/attempts';
import type { DeploymentRuntime } from './routing/pool';
import type { ProviderStreamEvent, ProviderStreamHandle, ProviderStreamSink } from './providers/types';
import { pullStream } from './stream-adapters';
import type { RouterTelemetry } from './telemetry';
import type {
  ChatChoice, ChatRequest, ChatStreamControl, ChatStreamEvent, ChatStreamSink, RouteOptions, RouterErrorInfo, ServedBy, StopReason, TokenLogprob, ToolCall, Usage,
} from './types';

/** What a stream needs from the router running it (`Router` in router.ts, which imports this file). */
export interface StreamRouting {
  readonly cfg: Pick<RouterConfig, 'midStreamContinuation'>;
  readonly telemetry: RouterTelemetry;
  admit(model: string, options: RouteOptions): Promise<void> | undefined;
  chatNeeds(request: ChatRequest): Capability[];
  startRun(model: string, options: RouteOptions, needTokens?: number, needs?: readonly Capability[]): AttemptRun;
  settle(rt: DeploymentRuntime, model: string, operation: string, outcome: 'ok' | RouterError | 'neutral', startedAt: number): void;
  servedBy(model: string, rt: DeploymentRuntime): ServedBy;
  cost(dep: Deployment, u: Usage): number;
  countTokens(rt: DeploymentRuntime, u: Usage): void;
  record(tenantId: string, tokens: number): Promise<void> | undefined;
}

const canContinue = (d: DeploymentRuntime) => d.dep.supportsPrefill;

/** One answer of a multi-answer stream (`n` > 1) as it accumulates. */
interface ChoiceState {
  text: string;
  logprobs?: TokenLogprob[];
  toolCalls: ToolCall[];
  stopReason?: StopReason;
}

export class ChatStreamRun implements ChatStreamControl {
  private run?: AttemptRun;
  private sent = '';
  private started = false;
  /** A terminal event was emitted, or the consumer left: nothing more is emitted. */
  private finished = false;
  private cancelled = false;
  private paused = false;
  private readonly continueAllowed: boolean;
  // The attempt in progress (live while it holds a slot and has not settled).
  private live = false;
  /** @internal */
  attemptNo = 0;
  private rt?: DeploymentRuntime;
  private logicalModel = '';
  private clock?: AttemptClock;
  private handle?: ProviderStreamHandle;
  private t0 = 0;
  private first = true;
  private prefix = '';
  private toolCalls: ToolCall[] = [];
  private logprobs?: TokenLogprob[];
  /** n > 1: every answer, by index (n = 1 keeps the single answer in `sent` / `toolCalls`). */
  private readonly choices?: ChoiceState[];
  /** n > 1: output was emitted, so a failure can no longer be hidden by another attempt. */
  private emittedOutput = false;

  constructor(private readonly r: StreamRouting, private readonly request: ChatRequest, private readonly options: RouteOptions, private readonly sink: ChatStreamSink) {
    this.continueAllowed = options.midStreamContinuation ?? r.cfg.midStreamContinuation;
    if ((request.n ?? 1) > 1) this.choices = [];
  }

  start(): void {
    try {
      const admitting = this.r.admit(this.request.model, this.options);
      if (admitting) admitting.then(() => this.begin(), (e) => this.fail(toRouterErrorInfo(e)));
      else this.begin();
    } catch (e) {
      this.fail(toRouterErrorInfo(e));
    }
  }

  pause(): void {
    this.paused = true;
    this.handle?.pause();
    if (this.live) this.clock!.pause(); // a slow consumer must not count against the deployment
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.handle?.resume();
    if (this.live) this.clock!.reset(this.first ? this.rt!.dep.ttftTimeoutMs : this.rt!.dep.timeoutMs);
  }

  /** The caller cancelled: ends with a `cancelled` error event, as an aborted signal would. */
  cancel(): void {
    if (this.finished || this.cancelled) return;
    this.cancelled = true;
    this.run?.cancel();
    if (this.live) this.clock!.abort(new RouterError('cancelled', 'cancelled by caller'));
  }

  /** The consumer left: frees the slot without blaming the deployment; no more events. */
  stop(): void {
    if (this.finished) return;
    this.finished = true;
    this.run?.cancel();
    if (this.live) {
      this.live = false;
      this.handle!.abort(new Error('stream consumer stopped'));
      this.clock!.done();
      this.r.settle(this.rt!, this.request.model, 'chat_stream', 'neutral', this.t0);
    }
    this.run?.dispose();
  }

  private begin(): void {
    if (this.finished) return;
    if (this.cancelled) return this.fail(toRouterErrorInfo(new RouterError('cancelled', 'cancelled by caller')));
    try {
      this.run = this.r.startRun(this.request.model, this.options, estimateRequestTokens(this.request), this.r.chatNeeds(this.request));
    } catch (e) {
      return this.fail(toRouterErrorInfo(e));
    }
    this.pick();
  }

  private pick(): void {
    const run = this.run!;
    const now = run.tryFirst();
    if (now) return this.attempt(now.rt, now.logicalModel);
    // Continuing after sent text needs a deployment that supports assistant prefill.
    run.next(this.sent ? canContinue : undefined).then(
      (a) => this.attempt(a.rt, a.logicalModel),
      (e) => this.fail(toRouterErrorInfo(e)),
    );
  }

  private attempt(rt: DeploymentRuntime, logicalModel: string): void {
    if (this.finished || this.cancelled) {
      this.r.settle(rt, this.request.model, 'chat_stream', 'neutral', performance.now());
      if (!this.finished) this.fail(toRouterErrorInfo(new RouterError('cancelled', 'cancelled by caller')));
      return;
    }
    const n = ++this.attemptNo;
    this.live = true;
    this.rt = rt;
    this.logicalModel = logicalModel;
    this.first = true;
    this.toolCalls = [];
    if (this.choices) this.choices.length = 0;
    this.prefix = this.sent;
    this.t0 = performance.now();
    this.handle = undefined;
    if (this.prefix) this.r.telemetry.continuations.inc({ deployment: rt.dep.id });
    const ctx = { traceId: this.options.traceId, continuation: this.prefix ? { prefix: this.prefix } : undefined };
    const sink = new AttemptSink(this, n);
    const p = rt.provider;
    if (p.chatStreamPush) {
      this.clock = this.run!.attemptSignal(rt.dep.ttftTimeoutMs, sink);
      // The caller's signal was already aborted: the clock aborted at once.
      if (sink.abortedEarly) return this.onError(sink.abortedEarly);
    } else {
      this.clock = this.run!.attemptSignal(rt.dep.ttftTimeoutMs);
    }
    let handle: ProviderStreamHandle;
    try {
      handle = p.chatStreamPush
        ? p.chatStreamPush(this.request, ctx, sink)
        : pullStream(p.chatStream(this.request, { ...ctx, signal: this.clock.signal }), rt.dep.id, sink);
    } catch (err) {
      return this.onError(err);
    }
    if (n !== this.attemptNo || !this.live) return handle.abort(new Error('attempt already over'));
    this.handle = handle;
    if (this.paused) handle.pause();
  }

  /** @internal from this attempt's clock (push providers): timeout, deadline or cancel. */
  attemptAborted(n: number, reason: RouterError, sink: AttemptSink): void {
    if (n !== this.attemptNo || !this.live) return;
    if (!this.handle) return void (sink.abortedEarly = reason);
    this.handle.abort(reason);
    this.onError(reason);
  }

  /** @internal */
  onEvents(batch: ProviderStreamEvent[]): void {
    if (!this.live) return;
    const rt = this.rt!;
    this.clock!.reset(rt.dep.timeoutMs);
    if (this.first) {
      this.first = false;
      this.r.telemetry.pending.ttft(rt.dep.id, (performance.now() - this.t0) / 1000);
      if (!this.started) {
        this.started = true;
        this.emit({ type: 'start', servedBy: this.r.servedBy(this.logicalModel, rt) });
        for (let index = 0; index < (this.request.n ?? 1); index++) this.emit({ type: 'choice_start', index });
      }
    }
    const choices = this.choices;
    for (const ev of batch) {
      if (ev.type === 'done') {
        this.complete(ev.stopReason, ev.usage, ev.stopSequence);
        return;
      }
      if (choices) this.onChoiceEvent(choices, ev);
      else if (ev.type === 'delta') {
        this.sent += ev.text;
        if (ev.logprobs) (this.logprobs ??= []).push(...ev.logprobs);
        this.emit(ev);
      } else if (ev.type === 'tool_call') {
        this.toolCalls.push(ev.toolCall);
      }
      if (!this.live) return; // the consumer stopped or cancelled while handling the event
    }
    this.sink.flush?.();
  }

  /** n > 1: answers are emitted as they come, each ended by the provider's `choice_end`. */
  private onChoiceEvent(choices: ChoiceState[], ev: Exclude<ProviderStreamEvent, { type: 'done' }>): void {
    const index = ev.index ?? 0;
    if (index < 0 || index >= (this.request.n ?? 1)) return;
    const c = (choices[index] ??= { text: '', toolCalls: [] });
    if (c.stopReason) return;
    if (ev.type === 'delta') {
      c.text += ev.text;
      if (ev.logprobs) (c.logprobs ??= []).push(...ev.logprobs);
      this.emittedOutput = true;
      this.emit({ type: 'delta', text: ev.text, index, ...(ev.logprobs ? { logprobs: ev.logprobs } : {}) });
    } else if (ev.type === 'tool_call') {
      c.toolCalls.push(ev.toolCall);
    } else {
      this.endChoice(index, c, ev.stopReason);
    }
  }

  private endChoice(index: number, c: ChoiceState, stopReason: StopReason): void {
    c.stopReason = c.toolCalls.length ? 'tool_use' : stopReason;
    this.emittedOutput = true;
    for (const toolCall of c.toolCalls) this.emit({ type: 'tool_call', toolCall, index });
    this.emit({ type: 'choice_end', index, stopReason: c.stopReason });
  }

  private complete(stopReason: Extract<ProviderStreamEvent, { type: 'done' }>['stopReason'], providerUsage: Extract<ProviderStreamEvent, { type: 'done' }>['usage'], stopSequence?: string): void {
    const rt = this.rt!;
    this.live = false;
    this.clock!.done();
    this.r.settle(rt, this.request.model, 'chat_stream', 'ok', this.t0);
    const usage = { ...providerUsage };
    if (this.prefix) {
      const prefixTokens = estimateTokens(this.prefix);
      usage.outputTokens += prefixTokens;
      usage.totalTokens += prefixTokens;
    }
    this.r.countTokens(rt, usage);
    const toolCalls = this.toolCalls;
    const end = () => {
      if (this.finished) return;
      let choices: ChatChoice[] | undefined;
      if (this.choices) {
        for (let index = 0; index < (this.request.n ?? 1); index++) {
          const c = (this.choices[index] ??= { text: '', toolCalls: [] });
          if (!c.stopReason) this.endChoice(index, c, stopReason);
        }
        choices = this.choices.map((c, index) => ({ index, content: c.text, toolCalls: c.toolCalls, stopReason: c.stopReason!, ...(c.logprobs ? { logprobs: c.logprobs } : {}) }));
      } else {
        for (const toolCall of toolCalls) this.emit({ type: 'tool_call', toolCall });
        this.emit({ type: 'choice_end', index: 0, stopReason });
      }
      const first = choices?.[0];
      const content = first ? first.content : this.sent;
      for (const c of choices ?? [{ content }]) {
        const invalid = structuredOutputError(this.request, c.content);
        if (invalid) return this.fail({ kind: 'model_error', message: invalid, retryable: false, deployment: rt.dep.id });
      }
      this.terminal({
        type: 'end',
        response: {
          content, toolCalls: first ? first.toolCalls : toolCalls, stopReason: first ? first.stopReason : stopReason, usage,
          ...(stopSequence !== undefined && (first ? first.stopReason : stopReason) === 'stop_sequence' ? { stopSequence } : {}),
          ...(first?.logprobs ?? this.logprobs ? { logprobs: first?.logprobs ?? this.logprobs } : {}),
          ...(choices ? { choices } : {}),
          servedBy: this.r.servedBy(this.logicalModel, rt), costUsd: this.r.cost(rt.dep, usage),
          latencyMs: this.run!.elapsedMs(), failovers: this.run!.failovers,
        },
      });
    };
    const recording = this.r.record(this.options.tenantId, usage.totalTokens);
    if (recording) recording.then(end, (e) => this.fail(toRouterErrorInfo(e)));
    else end();
  }

  /** @internal */
  onError(err: unknown): void {
    if (!this.live) return;
    this.live = false;
    const rt = this.rt!;
    const clock = this.clock!;
    clock.done();
    const cause = clock.timedOut()
      ? new RouterError('timeout', `${rt.dep.id}: no ${this.first ? 'first token' : 'chunk'} within ${this.first ? rt.dep.ttftTimeoutMs : rt.dep.timeoutMs} ms`, { deployment: rt.dep.id })
      : err;
    let e: RouterError;
    try {
      e = this.run!.fail(rt, cause);
    } catch (final) {
      this.r.settle(rt, this.request.model, 'chat_stream', final instanceof RouterError ? final : 'neutral', this.t0);
      return this.fail(toRouterErrorInfo(final));
    }
    this.r.settle(rt, this.request.model, 'chat_stream', e, this.t0);
    if (this.sent && !this.continueAllowed)
      return this.fail({ ...e.info, message: `stream failed after output was sent (continuation disabled): ${e.message}` });
    if (this.emittedOutput)
      return this.fail({ ...e.info, message: `stream of ${this.request.n} answers failed after output was sent (several answers cannot be continued elsewhere): ${e.message}` });
    if (!this.finished) this.pick();
  }

  private emit(ev: ChatStreamEvent): void {
    if (!this.finished) this.sink.event(ev);
  }

  private fail(error: RouterErrorInfo): void {
    this.terminal({ type: 'error', error });
  }

  private terminal(ev: ChatStreamEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.sink.event(ev);
    this.sink.flush?.();
    this.run?.dispose();
  }
}

/** One attempt's view of the run: drops whatever a superseded attempt still reports. */
class AttemptSink implements ProviderStreamSink {
  abortedEarly?: RouterError;

  constructor(private readonly owner: ChatStreamRun, private readonly n: number) {}

  events(batch: ProviderStreamEvent[]): void {
    if (this.n === this.owner.attemptNo) this.owner.onEvents(batch);
  }

  error(err: unknown): void {
    if (this.n === this.owner.attemptNo) this.owner.onError(err);
  }

  /** The attempt clock aborted (AttemptClock's listener object). */
  attemptAborted(reason: RouterError): void {
    this.owner.attemptAborted(this.n, reason, this);
  }
}
