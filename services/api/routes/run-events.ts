// GET /v1/runs/:id/events: the run's events as SSE, resumable with Last-Event-ID.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RunService } from '../../agents';
import { RUN_EVENT_TYPES } from '../../agents/types';

const Params = z.object({ id: z.string().min(1).max(100) });
const Query = z.object({ lastEventId: z.coerce.number().int().nonnegative().optional().describe('Resume after this event id (when no Last-Event-ID header is sent)') });
const Headers = z.looseObject({
  'last-event-id': z.string().max(20).optional().describe('Resume after this event id (sent by EventSource on reconnect); wins over ?lastEventId'),
});
const POLL_MIN_MS = 50;
const POLL_MAX_MS = 1_000;
const KEEPALIVE_MS = 15_000;

export const runEventRoutes: FastifyPluginAsyncZod<{ runs: RunService }> = async (app, { runs }) => {
  app.get('/runs/:id/events', {
    config: { scope: 'read' },
    schema: {
      operationId: 'streamRunEvents',
      summary: 'Run events as Server-Sent Events (resume with Last-Event-ID)',
      tags: ['runs'],
      params: Params,
      querystring: Query,
      headers: Headers,
      response: { 200: z.string() },
      eventStream: {
        only: true,
        description: `One SSE event per run event: \`id:\` (resume point), \`event:\` (${RUN_EVENT_TYPES.join(', ')}), \`data:\` JSON with \`at\`; ` +
          'comments as keep-alives; the stream ends once the run has ended and every event was sent',
      },
    },
  }, async (request, reply) => {
    const header = Number(request.headers['last-event-id']);
    let last = Number.isInteger(header) && header >= 0 ? header : request.query.lastEventId ?? 0;
    // Fails with 404 before the stream opens when the run is unknown to this tenant. The stream opens
    // on the stored events alone: the workflow query (which waits on a worker) follows at once.
    let batch = await runs.events(request.tenant.id, request.params.id, last, { live: false });
    let live = false;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': stream open\n\n');
    let closed = false;
    request.raw.on('close', () => (closed = true));

    let wait = POLL_MIN_MS;
    let lastWrite = Date.now();
    try {
      for (;;) {
        for (const e of batch.events) {
          res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ ...e.data, at: e.at })}\n\n`);
          last = e.id;
          lastWrite = Date.now();
        }
        if (batch.terminal || closed) break;
        if (live) {
          wait = batch.events.length > 0 ? POLL_MIN_MS : Math.min(wait * 2, POLL_MAX_MS);
          await new Promise((r) => setTimeout(r, wait));
          if (closed) break;
          if (Date.now() - lastWrite > KEEPALIVE_MS) {
            res.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
        }
        batch = await runs.events(request.tenant.id, request.params.id, last);
        live = true;
      }
    } catch (err) {
      request.log.warn({ err }, 'run event stream ended with an error');
      res.write(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
    }
    res.end();
  });
};
