// Replays: start one (a new run re-running another from its trace) and read it with its diff.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StartReplayBody, type ReplayService } from '../../replay';
import { actorOf } from '../tenant';

const Params = z.object({ id: z.string().min(1).max(100) });

export const replayRoutes: FastifyPluginAsyncZod<{ replays: ReplayService }> = async (app, { replays }) => {
  app.post('/replays', {
    config: { scope: 'runs' },
    schema: { summary: 'Replay a run from its trace (exact, model or live)', tags: ['replays'], body: StartReplayBody },
  }, async (request, reply) => {
    const run = await replays.start(request.tenant.id, request.body, actorOf(request));
    return reply.status(202).send(run);
  });

  app.get('/replays/:id', {
    config: { scope: 'read' },
    schema: { summary: 'A replay run and its step-by-step diff against the original', tags: ['replays'], params: Params },
  }, async (request) => replays.get(request.tenant.id, request.params.id));
};
