// Replays: start one (a new run re-running another from its trace) and read it with its diff.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StartReplayBody, type ReplayService } from '../../replay';
import { actorOf } from '../tenant';
import { RunDetailSchema, RunRecordSchema } from './runs';

const Params = z.object({ id: z.string().min(1).max(100) });
const RunUsage = z.object({
  inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number(), costUsd: z.number(), modelCalls: z.number(), toolCalls: z.number(),
});
const StepSummary = z.object({
  index: z.number().int(),
  kind: z.enum(['model', 'tool']),
  name: z.string().describe('`model`, or `server/tool`'),
  text: z.string().optional(),
  toolCalls: z.array(z.string()).optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  result: z.string().optional(),
  isError: z.boolean().optional(),
  error: z.string().optional(),
  tokens: z.number().optional(),
  costUsd: z.number().optional(),
});
const STEP_STATUSES = ['same', 'changed', 'new', 'missing'] as const;
const RunOutput = z.object({ status: z.string(), output: z.string().optional() });
const ReplayDiff = z.object({
  identical: z.boolean(),
  counts: z.record(z.enum(STEP_STATUSES), z.number().int()),
  steps: z.array(z.object({ status: z.enum(STEP_STATUSES), original: StepSummary.optional(), replay: StepSummary.optional(), changes: z.array(z.string()).optional() })),
  output: z.object({ same: z.boolean(), original: RunOutput, replay: RunOutput }),
  usage: z.object({ original: RunUsage, replay: RunUsage, delta: RunUsage }),
});
const ReplayView = z.object({
  replay: RunDetailSchema,
  original: z.object({ id: z.string(), status: z.string(), outcome: z.unknown(), usage: z.unknown(), steps: z.array(z.unknown()), agentVersion: z.number().int() }),
  diff: ReplayDiff,
});

export const replayRoutes: FastifyPluginAsyncZod<{ replays: ReplayService }> = async (app, { replays }) => {
  app.post('/replays', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'startReplay', summary: 'Replay a run from its trace (exact, model or live)', tags: ['replays'], body: StartReplayBody,
      response: { 202: RunRecordSchema.describe('The replay run, started') },
    },
  }, async (request, reply) => {
    const run = await replays.start(request.tenant.id, request.body, actorOf(request));
    return reply.status(202).send(run);
  });

  app.get('/replays/:id', {
    config: { scope: 'read' },
    schema: {
      operationId: 'getReplay', summary: 'A replay run and its step-by-step diff against the original', tags: ['replays'], params: Params, response: { 200: ReplayView },
    },
  }, async (request) => replays.get(request.tenant.id, request.params.id));
};
