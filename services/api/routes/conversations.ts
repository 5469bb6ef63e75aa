// Conversations: open one with an agent, send messages (each starts a turn: a run that sees the
// whole conversation), read its turns, close it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConversationService } from '../../agents';
import { actorOf } from '../tenant';
import { errorBody } from '../openapi';
import { RunRecordSchema } from './runs';

const AgentParams = z.object({ name: z.string().min(1).max(63) });
const ConversationParams = z.object({ id: z.string().min(1).max(100) });

const ConversationSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  agentName: z.string(),
  agentVersion: z.number().int(),
  workflowId: z.string(),
  status: z.enum(['open', 'expired', 'closed']),
  idleSeconds: z.number().int().describe('The conversation ends after this long without a message'),
  turns: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});
const ConversationDetailSchema = ConversationSchema.extend({
  messages: z.array(z.object({
    turn: z.number().int(),
    runId: z.string().describe('The turn\'s run: stream it at /v1/runs/{id}/events'),
    status: z.string(),
    input: z.string(),
    output: z.string().nullable(),
    createdAt: z.string(),
    endedAt: z.string().nullable(),
  })),
});

export const conversationRoutes: FastifyPluginAsyncZod<{ conversations: ConversationService }> = async (app, { conversations }) => {
  app.post('/agents/:name/conversations', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'openConversation',
      summary: 'Open a conversation with an agent (memory across turns)',
      tags: ['conversations'],
      params: AgentParams,
      body: z.object({ version: z.number().int().positive().optional() }).default({}),
      response: { 201: ConversationSchema },
    },
  }, async (request, reply) => {
    const c = await conversations.open(request.tenant.id, request.params.name, { version: request.body?.version }, actorOf(request));
    return reply.status(201).send(c);
  });

  app.post('/conversations/:id/messages', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'sendConversationMessage',
      summary: 'Add a user message; starts a turn that sees the whole conversation',
      tags: ['conversations'],
      params: ConversationParams,
      body: z.object({ content: z.string().min(1).max(1_000_000) }),
      response: { 202: RunRecordSchema.describe('The turn\'s run, queued'), 409: errorBody('The conversation has ended, or too many messages wait') },
    },
  }, async (request, reply) => {
    const run = await conversations.send(request.tenant.id, request.params.id, request.body.content, actorOf(request));
    return reply.status(202).send(run);
  });

  app.get('/conversations/:id', {
    config: { scope: 'read' },
    schema: {
      operationId: 'getConversation',
      summary: 'A conversation and its turns',
      tags: ['conversations'],
      params: ConversationParams,
      response: { 200: ConversationDetailSchema },
    },
  }, async (request) => conversations.get(request.tenant.id, request.params.id));

  app.post('/conversations/:id/close', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'closeConversation',
      summary: 'End a conversation once its queued turns are answered',
      tags: ['conversations'],
      params: ConversationParams,
      response: { 202: z.object({ closing: z.literal(true) }), 409: errorBody('The conversation has already ended') },
    },
  }, async (request, reply) => reply.status(202).send(await conversations.close(request.tenant.id, request.params.id, actorOf(request))));
};
