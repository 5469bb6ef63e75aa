// Conversations as the workflow keeps them: one long-lived workflow per conversation that runs each
// message as a turn (an agent run) continuing from the conversation the previous turn left.
import type { AgentRunInput } from './run-types';

export type ConversationStatus = 'open' | 'expired' | 'closed';

export interface ConversationInput {
  conversationId: string;
  tenantId: string;
  /** Every turn runs this agent version, with these limits. */
  turn: Pick<AgentRunInput, 'agent' | 'priority' | 'limits' | 'modelOutage' | 'childAgents' | 'claimCheck'>;
  idleSeconds: number;
  /** Each turn's workflow task timeout (see `agents.workflowTaskTimeoutSeconds`). */
  turnTaskTimeoutSeconds: number;
  /** Carried across continue-as-new. */
  carried?: { historyRef?: string; turns: number };
}

/** A message to answer: its run record exists before the workflow is told. */
export interface TurnRequest {
  runId: string;
  turn: number;
  content: string;
}

export interface ConversationView {
  conversationId: string;
  turns: number;
  /** The run answering now, if any, and the messages waiting behind it. */
  answering?: string;
  queued: number;
  status: ConversationStatus;
}
