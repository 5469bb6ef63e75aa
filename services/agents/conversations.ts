// Conversations with an agent: open one, send messages (each a turn: an agent run that sees the
// whole conversation so far), read its turns. One ConversationWorkflow per conversation keeps
// the order of turns and the memory between them; each turn is an ordinary run (stream, approve,
// cancel and replay it through /v1/runs/:id).
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { ConversationRecord, RunRecord, Store } from '../store';
import type { KeelConfig } from '../config';
import type { AuditActor, AuditLog } from '../audit';
import { conflict, notFound, unavailable } from '../errors';
import { ConversationWorkflow } from '../../workflows/conversation';
import { closeConversationSignal, sendMessageUpdate } from '../../workflows/conversation-api';
import type { AgentDefinition, ConversationInput } from './types';
import { versionService } from '../versions';
import { runSettings } from './runs';
import { childAgentTools } from './agent-refs';

const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

export interface ConversationDetail extends ConversationRecord {
  turns: number;
  messages: Array<{ turn: number; runId: string; status: string; input: string; output: string | null; createdAt: string; endedAt: string | null }>;
}

export function conversationService(deps: { store: Store; temporal: Client; config: KeelConfig; audit?: AuditLog }) {
  const { store, temporal, config, audit } = deps;
  const versions = versionService({ store });

  async function record(tenantId: string, id: string) {
    const c = await store.conversations.get(tenantId, id);
    if (!c) throw notFound(`conversation ${id}`);
    return c;
  }

  async function childAgentsOf(tenantId: string, definition: AgentDefinition) {
    const childAgents = await childAgentTools(store.agents, tenantId, definition.agents);
    return childAgents.length > 0 ? { childAgents } : {};
  }

  return {
    async open(tenantId: string, agentName: string, opts: { version?: number } = {}, actor = SYSTEM): Promise<ConversationRecord> {
      const id = `conv_${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      // A conversation picks its version once (stable, canary by its id, pinned or requested); every turn runs it.
      const { record: agent } = await versions.resolve<AgentDefinition>(tenantId, 'agent', agentName, id, opts.version);
      const idleSeconds = agent.definition.conversation?.idleSeconds ?? config.agents.conversationIdleSeconds;
      const input: ConversationInput = {
        conversationId: id,
        tenantId,
        turn: {
          ...runSettings(config, { name: agent.name, version: agent.version, definition: agent.definition }),
          ...await childAgentsOf(tenantId, agent.definition),
        },
        idleSeconds,
        turnTaskTimeoutSeconds: config.agents.workflowTaskTimeoutSeconds,
      };
      await store.conversations.create({ id, tenantId, agentName: agent.name, agentVersion: agent.version, workflowId: id, idleSeconds });
      try {
        await temporal.workflow.start(ConversationWorkflow, {
          workflowId: id,
          taskQueue: config.temporal.taskQueues.agents,
          args: [input],
          memo: { tenantId, agent: agent.name, agentVersion: agent.version },
        });
      } catch (err) {
        await store.conversations.end(id, 'closed');
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`conversation ${id} already exists`);
        throw unavailable('temporal_unavailable', `could not open the conversation: ${(err as Error).message}`);
      }
      await audit?.append({
        tenantId, action: 'conversation.opened', actor, target: { type: 'conversation', id }, details: { agent: agent.name, version: agent.version },
      });
      return record(tenantId, id);
    },

    /** Starts the next turn; its run streams at /v1/runs/:id/events like any run. */
    async send(tenantId: string, conversationId: string, content: string, actor = SYSTEM): Promise<RunRecord> {
      const c = await record(tenantId, conversationId);
      if (c.status !== 'open') throw conflict(`conversation ${conversationId} has ended (${c.status})`);
      const turn = await store.conversations.nextTurn(c.id);
      const runId = `${c.id}_t${turn}`;
      await store.runs.create({
        id: runId, tenantId, kind: 'agent', agentName: c.agentName, agentVersion: c.agentVersion, workflowId: runId,
        input: content, status: 'pending', conversation: { id: c.id, turn },
      });
      try {
        await temporal.workflow.getHandle(c.workflowId).executeUpdate(sendMessageUpdate, { args: [{ runId, turn, content }] });
      } catch (err) {
        const failed = { status: 'failed', outcome: { status: 'failed', error: { code: 'not_sent', message: (err as Error).message } }, usage: null, steps: [] };
        await store.runs.complete(runId, failed);
        if (err instanceof WorkflowNotFoundError || (err instanceof WorkflowUpdateFailedError && /ended/.test(String((err.cause as Error | undefined)?.message)))) {
          await store.conversations.end(c.id, 'expired');
          throw conflict(`conversation ${conversationId} has ended`);
        }
        if (err instanceof WorkflowUpdateFailedError) throw conflict((err.cause as Error | undefined)?.message ?? err.message);
        throw unavailable('temporal_unavailable', (err as Error).message);
      }
      await audit?.append({
        tenantId, action: 'conversation.message', actor, target: { type: 'conversation', id: c.id }, details: { turn, runId },
      });
      return (await store.runs.get(tenantId, runId))!;
    },

    async get(tenantId: string, conversationId: string): Promise<ConversationDetail> {
      const c = await record(tenantId, conversationId);
      const runs = await store.runs.turns(tenantId, c.id);
      return {
        ...c,
        messages: runs.map((r) => ({
          turn: r.turn ?? 0,
          runId: r.id,
          status: r.status,
          input: r.input,
          output: (r.outcome as { output?: string } | null)?.output ?? null,
          createdAt: r.createdAt,
          endedAt: r.endedAt,
        })),
      };
    },

    async close(tenantId: string, conversationId: string, actor = SYSTEM) {
      const c = await record(tenantId, conversationId);
      if (c.status !== 'open') throw conflict(`conversation ${conversationId} has ended (${c.status})`);
      try {
        await temporal.workflow.getHandle(c.workflowId).signal(closeConversationSignal);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw unavailable('temporal_unavailable', (err as Error).message);
        await store.conversations.end(c.id, 'expired');
      }
      await audit?.append({ tenantId, action: 'conversation.closed', actor, target: { type: 'conversation', id: c.id }, details: {} });
      return { closing: true as const };
    },
  };
}
export type ConversationService = ReturnType<typeof conversationService>;
