// Streamed chat with failover. Before the first token a failed attempt is retried elsewhere
// without the caller noticing; after text was sent, the next deployment continues from that
// text (assistant prefill), so the caller sees no duplicated or lost text. Tool calls are held
// until their attempt completes, so a restarted tool-call stream never emits one twice.
import { RouterError, toRouterErrorInfo } from './errors';
import { estimateTokens } from './routing/plan';
import type { AttemptRun } from './routing/attempts';
import type { Router } from './router';
import type { ChatRequest, ChatStreamEvent, RouteOptions, ToolCall } from './types';

export async function* streamChat(r: Router, request: ChatRequest, options: RouteOptions): AsyncGenerator<ChatStreamEvent> {
  const model = request.model;
  let run: AttemptRun;
  try {
    const admitting = r.admit(model, options);
    if (admitting) await admitting;
    run = r.startRun(model, options, estimateTokens(request));
  } catch (e) {
    yield { type: 'error', error: toRouterErrorInfo(e) };
    return;
  }
  const continueAllowed = options.midStreamContinuation ?? r.cfg.midStreamContinuation;
  let sent = '';
  let started = false;
  try {
    for (;;) {
      let rt;
      let logicalModel: string;
      try {
        // Continuing after sent text needs a deployment that supports assistant prefill.
        ({ rt, logicalModel } = run.tryFirst() ?? (await run.next(sent ? (d) => d.dep.supportsPrefill : undefined)));
      } catch (e) {
        yield { type: 'error', error: toRouterErrorInfo(e) };
        return;
      }
      const att = run.attemptSignal(rt.dep.ttftTimeoutMs);
      const t0 = performance.now();
      const prefix = sent;
      if (prefix) r.telemetry.continuations.inc({ deployment: rt.dep.id });
      const iter = rt.provider.chatStream(request, { signal: att.signal, traceId: options.traceId, continuation: prefix ? { prefix } : undefined })[Symbol.asyncIterator]();
      const toolCalls: ToolCall[] = [];
      let first = true;
      let settled = false;
      try {
        for (;;) {
          const { value: ev, done } = await iter.next();
          if (done) throw new RouterError('connection', `${rt.dep.id}: stream ended without completion`, { deployment: rt.dep.id });
          att.reset(rt.dep.timeoutMs);
          if (first) {
            first = false;
            r.telemetry.ttft.observe({ deployment: rt.dep.id }, (performance.now() - t0) / 1000);
            if (!started) {
              started = true;
              yield { type: 'start', servedBy: r.servedBy(logicalModel, rt) };
            }
          }
          if (ev.type === 'delta') {
            sent += ev.text;
            att.pause(); // a slow consumer must not count against the deployment
            yield ev;
            att.reset(rt.dep.timeoutMs);
          } else if (ev.type === 'tool_call') {
            toolCalls.push(ev.toolCall);
          } else {
            settled = true;
            void iter.next().catch(() => undefined); // let the provider finish and release its connection
            r.settle(rt, model, 'chat_stream', 'ok', t0);
            const usage = { ...ev.usage };
            if (prefix) {
              const prefixTokens = Math.ceil(prefix.length / 4);
              usage.outputTokens += prefixTokens;
              usage.totalTokens += prefixTokens;
            }
            r.countTokens(rt, usage);
            const recording = r.record(options.tenantId, usage.totalTokens);
            if (recording) await recording;
            for (const toolCall of toolCalls) yield { type: 'tool_call', toolCall };
            yield {
              type: 'end',
              response: {
                content: sent, toolCalls, stopReason: ev.stopReason, usage,
                servedBy: r.servedBy(logicalModel, rt), costUsd: r.cost(rt.dep, usage),
                latencyMs: run.elapsedMs(), failovers: run.failovers,
              },
            };
            return;
          }
        }
      } catch (err) {
        settled = true;
        void Promise.resolve(iter.return?.()).catch(() => undefined);
        const cause = att.timedOut()
          ? new RouterError('timeout', `${rt.dep.id}: no ${first ? 'first token' : 'chunk'} within ${first ? rt.dep.ttftTimeoutMs : rt.dep.timeoutMs} ms`, { deployment: rt.dep.id })
          : err;
        let e: RouterError;
        try {
          e = run.fail(rt, cause);
        } catch (final) {
          r.settle(rt, model, 'chat_stream', final instanceof RouterError ? final : 'neutral', t0);
          yield { type: 'error', error: toRouterErrorInfo(final) };
          return;
        }
        r.settle(rt, model, 'chat_stream', e, t0);
        if (sent && !continueAllowed) {
          yield { type: 'error', error: { ...e.info, message: `stream failed after output was sent (continuation disabled): ${e.message}` } };
          return;
        }
      } finally {
        att.done();
        if (!settled) {
          // The consumer stopped reading: free the slot without blaming the deployment.
          void Promise.resolve(iter.return?.()).catch(() => undefined);
          r.settle(rt, model, 'chat_stream', 'neutral', t0);
        }
      }
    }
  } finally {
    run.dispose();
  }
}
