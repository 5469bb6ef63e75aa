// ConversationWorkflow: one per conversation. Each message becomes a turn — an AgentRunWorkflow
// child that starts from the conversation the previous turn left (by reference, so the history
// carries refs, never the conversation) — until the conversation is closed or stays idle too long.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConversationActivities } from '../activities/types';
import type { ConversationInput, ConversationStatus, TurnRequest } from '../services/agents/types';
import { AgentRunWorkflow } from './agent-run';
import { closeConversationSignal, conversationViewQuery, sendMessageUpdate } from './conversation-api';

const MAX_QUEUED = 10;
const TURNS_PER_HISTORY = 100;

const { endConversation } = proxyActivities<ConversationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

export async function ConversationWorkflow(input: ConversationInput): Promise<{ status: ConversationStatus; turns: number }> {
  const queue: TurnRequest[] = [];
  let historyRef = input.carried?.historyRef;
  let turns = input.carried?.turns ?? 0;
  let turnsHere = 0;
  let closing = false;
  let status: ConversationStatus = 'open';
  let answering: string | undefined;

  setHandler(sendMessageUpdate, (t) => {
    queue.push(t);
    return { accepted: true as const };
  }, {
    validator: (t: TurnRequest) => {
      if (!t.content) throw new Error('a message needs content');
      if (status !== 'open' || closing) throw new Error('the conversation has ended');
      if (queue.length >= MAX_QUEUED) throw new Error(`${MAX_QUEUED} messages are already waiting for an answer`);
    },
  });
  setHandler(closeConversationSignal, () => void (closing = true));
  setHandler(conversationViewQuery, () => ({ conversationId: input.conversationId, turns, answering, queued: queue.length, status }));

  for (;;) {
    const woke = await condition(() => queue.length > 0 || closing, input.idleSeconds * 1000);
    if (queue.length === 0) {
      status = woke ? 'closed' : 'expired';
      break;
    }
    const t = queue.shift()!;
    answering = t.runId;
    try {
      const outcome = await executeChild(AgentRunWorkflow, {
        workflowId: t.runId,
        args: [{ ...input.turn, runId: t.runId, tenantId: input.tenantId, input: t.content, ...(historyRef ? { history: historyRef } : {}) }],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        workflowTaskTimeout: input.turnTaskTimeoutSeconds * 1000,
      });
      // A turn that failed or was cancelled leaves the conversation as it was.
      if (outcome.status === 'completed' && outcome.conversationRef) historyRef = outcome.conversationRef;
    } catch {
      // The turn's own run record says how it ended.
    }
    answering = undefined;
    turns += 1;
    turnsHere += 1;
    if (queue.length === 0 && !closing && (turnsHere >= TURNS_PER_HISTORY || workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      if (queue.length === 0) return continueAsNew<typeof ConversationWorkflow>({ ...input, carried: { historyRef, turns } });
    }
  }
  await condition(allHandlersFinished);
  await endConversation({ conversationId: input.conversationId, status });
  return { status, turns };
}
