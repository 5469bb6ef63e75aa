// GET /v1/runs/:id/events: the run's events as SSE, live from the stream bus, resumable with
// Last-Event-ID. Durable events come from the store (their record) and the bus (live); token deltas
// from the bus alone (live, and its retention window on resume). No Temporal query: a subscriber
// costs the store one catch-up read when it opens and the bus nothing beyond the run's one
// subscription in this process (services/api/run-streams.ts).
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RunService } from '../../agents';
import { RUN_EVENT_TYPES } from '../../agents/types';
import type { RunStreamMessage, StreamEvent } from '../../bus';
import { ApiError } from '../errors';
import { SseWriter } from '../sse';
import type { RunStreamHub, RunStreamNotice } from '../run-streams';

const RESUME_ID = /^(\d{1,15})(?:\.(\d{1,15}))?$/;
const ResumeId = z.string().max(40).regex(RESUME_ID, 'an event id: N, or N.O for a token delta');
const Params = z.object({ id: z.string().min(1).max(100) });
const Query = z.object({ lastEventId: ResumeId.optional().describe('Resume after this id (when no Last-Event-ID header is sent)') });
const Headers = z.looseObject({
  'last-event-id': z.string().max(40).optional().describe('Resume after this id (sent by EventSource on reconnect); wins over ?lastEventId'),
});
const KEEPALIVE_MS = 15_000;
/** A client this far behind is dropped (it resumes with Last-Event-ID) rather than buffered without end. */
const MAX_QUEUED = 10_000;
/** How long a stream waits for a missing event id to be stored before it goes on without it. */
const GAP_WAIT_MS = 10_000;
const GAP_POLL_MS = 25;
const TERMINAL_EVENTS = new Set(['run.finished', 'run.failed']);

type Delta = Extract<RunStreamMessage, { kind: 'delta' }>;

export interface RunEventRoutesOptions {
  runs: RunService;
  streams: RunStreamHub;
  keepAliveMs?: number;
}

export const runEventRoutes: FastifyPluginAsyncZod<RunEventRoutesOptions> = async (app, { runs, streams, keepAliveMs = KEEPALIVE_MS }) => {
  app.get('/runs/:id/events', {
    config: { scope: 'read' },
    schema: {
      operationId: 'streamRunEvents',
      summary: 'Run events and token deltas as Server-Sent Events (resume with Last-Event-ID)',
      tags: ['runs'],
      params: Params,
      querystring: Query,
      headers: Headers,
      response: { 200: z.string() },
      eventStream: {
        only: true,
        description:
          `One SSE event per run event: \`id: N\` (the event's id), \`event:\` (${RUN_EVENT_TYPES.join(', ')}), \`data:\` JSON with \`at\`. ` +
          'While a model step streams, `event: delta` with `id: N.O` (N: the step\'s step.started id, O: characters of the step\'s text sent so far) ' +
          'and data `{ step, offset, text, at }`; step.finished carries the whole text. Resume with Last-Event-ID `N` or `N.O`: events after N, ' +
          'then the streaming step\'s text after O. `event: resync` (data `{ step, afterEventId }`) says text of a streaming step is no longer ' +
          'retained: the stream goes on live and step.finished will carry the whole text. Comments as keep-alives; the stream ends after ' +
          'run.finished or run.failed, or at once for an ended run whose events were all sent',
      },
    },
  }, async (request, reply) => {
    const tenantId = request.tenant.id;
    const runId = request.params.id;
    const header = request.headers['last-event-id'];
    const resumeText = header !== undefined && header !== '' ? header : request.query.lastEventId;
    const resume = parseResume(resumeText);

    // 404 before the stream opens when the run is unknown to this tenant (a store read, no workflow query).
    await runs.events(tenantId, runId, Number.MAX_SAFE_INTEGER, { live: false });

    const queue: RunStreamNotice[] = [];
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const membership = await streams.join(tenantId, runId, (n) => {
      queue.push(n);
      notify();
    });

    const sse = new SseWriter(reply);
    sse.open();
    sse.comment('stream open');
    sse.onClientGone(notify);
    let lastWrite = Date.now();
    const keepAlive = setInterval(() => {
      if (Date.now() - lastWrite >= keepAliveMs) {
        sse.comment('keep-alive');
        lastWrite = Date.now();
      }
    }, Math.max(10, Math.floor(keepAliveMs / 3)));

    let lastId = resume.eventId;
    // The model step whose text streams: its step.started id and how many characters the client has.
    let streaming: { afterEventId: number; end: number } | undefined = { afterEventId: resume.eventId, end: resume.offset };
    let finished = false;

    const send = async (e: { id?: string; event: string; data: unknown }) => {
      const ok = sse.event(e);
      lastWrite = Date.now();
      if (!ok) await sse.drained();
    };

    const sendEvent = async (event: StreamEvent) => {
      if (event.id <= lastId) return;
      lastId = event.id;
      membership.seen(event.id);
      if (event.type === 'step.started') streaming = { afterEventId: event.id, end: 0 };
      else if (event.type === 'step.finished') streaming = undefined;
      await send({ id: String(event.id), event: event.type, data: { ...event.data, at: event.at } });
      if (TERMINAL_EVENTS.has(event.type)) finished = true;
    };

    /**
     * Every stored event after the last one sent (those before `before` only), then whether the
     * stored run has ended. Two writes of one run can land out of order (a model call on another
     * worker, a write retried after a crash): a gap in event ids is waited for, for a while, not skipped.
     */
    const catchUp = async (before = Number.POSITIVE_INFINITY): Promise<boolean> => {
      const giveUpAt = Date.now() + GAP_WAIT_MS;
      for (;;) {
        const page = await runs.events(tenantId, runId, lastId, { live: false });
        const waitsForGap = !page.terminal && Date.now() < giveUpAt;
        let atGap = false;
        for (const e of page.events) {
          if (e.id >= before || finished) break;
          if (e.id > lastId + 1 && waitsForGap) {
            atGap = true;
            break;
          }
          await sendEvent(e as StreamEvent);
        }
        if (finished) return false;
        if (before !== Number.POSITIVE_INFINITY) {
          if (lastId + 1 >= before || !waitsForGap) return false;
          // Nothing stored yet between the last event sent and the published one.
          if (!page.events.some((e) => e.id < before)) atGap = true;
        }
        if (atGap) {
          await delay(GAP_POLL_MS);
          continue;
        }
        if (page.terminal) return true;
        if (page.events.length === 0) return false;
      }
    };

    const sendDelta = async (d: Delta) => {
      const s = streaming;
      if (!s || d.afterEventId !== s.afterEventId) return; // another step's text, or a step already finished
      const endOfDelta = d.offset + d.text.length;
      if (endOfDelta <= s.end) return; // already sent
      if (d.offset > s.end) {
        // Text between what the client has and this delta is no longer retained.
        await send({ event: 'resync', data: { step: d.step, afterEventId: d.afterEventId } });
        s.end = d.offset;
      }
      const text = d.text.slice(s.end - d.offset);
      const offset = s.end;
      s.end = endOfDelta;
      await send({ id: `${d.afterEventId}.${endOfDelta}`, event: 'delta', data: { step: d.step, offset, text, at: d.at } });
    };

    const handle = async (n: RunStreamNotice) => {
      if (n.kind === 'ended') {
        if (await catchUp()) finished = true;
        return;
      }
      if (n.kind === 'delta') return sendDelta(n);
      const e = n.event;
      if (e.id <= lastId) return;
      // The store holds every event before it is published: a gap is read from there.
      if (e.id > lastId + 1) await catchUp(e.id);
      if (!finished) await sendEvent(e);
    };

    try {
      if (await catchUp()) finished = true;
      if (!finished && streaming && streaming.afterEventId > 0) for (const m of await streams.retained(runId)) {
        if (finished) break;
        await handle(m);
      }
      while (!finished && !sse.clientGone) {
        if (queue.length > MAX_QUEUED) {
          sse.comment('too far behind: reconnect with Last-Event-ID');
          break;
        }
        const next = queue.shift();
        if (next) {
          await handle(next);
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } catch (err) {
      request.log.warn({ err }, 'run event stream ended with an error');
      sse.event({ event: 'error', data: { message: (err as Error).message } });
    } finally {
      clearInterval(keepAlive);
      await membership.leave().catch((err) => request.log.warn({ err }, 'leaving a run stream failed'));
      sse.end();
    }
  });
};

function parseResume(text: string | undefined): { eventId: number; offset: number } {
  if (text === undefined) return { eventId: 0, offset: 0 };
  const m = RESUME_ID.exec(text);
  if (!m) throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be an event id: N, or N.O for a token delta');
  return { eventId: Number(m[1]), offset: m[2] === undefined ? 0 : Number(m[2]) };
}
