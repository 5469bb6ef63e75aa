// What an agent run is, step by step, as the workflow keeps it and the API shows it. Pure zod/types.
import { z } from 'zod';
import type { ChatMessage, DeploymentFailure, ServedBy, Usage } from '../router/types';
import type { AgentDefinition } from './definition';
import type { ToolDescriptor } from '../mcp/types';
import type { ReplaySpec } from '../replay/types';
import type { ModelOutagePolicy } from '../router/policy';

export const RUN_STATUSES = [
  'pending',
  'running',
  'awaiting_approval',
  /** A model call is backing off while no deployment answers (`statusReason` says why). */
  'waiting_for_model',
  'completed',
  'failed',
  'cancelled',
  'budget_exceeded',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'budget_exceeded']);

export type LimitName = 'max_steps' | 'max_total_tokens' | 'deadline';

export interface RunUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  modelCalls: number;
  toolCalls: number;
}

export interface ModelStep {
  index: number;
  kind: 'model';
  startedAt: string;
  endedAt?: string;
  servedBy?: ServedBy;
  usage?: Usage;
  costUsd?: number;
  text?: string;
  toolCalls: Array<{ id: string; name: string }>;
  error?: string;
}

export interface ToolStep {
  index: number;
  kind: 'tool';
  startedAt: string;
  endedAt?: string;
  toolCallId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  approval?: { required: boolean; decision?: 'approved' | 'rejected'; by?: string; reason?: string };
  isError?: boolean;
  /** First part of the result, for display; the model gets the whole result. */
  resultPreview?: string;
}

export type RunStep = ModelStep | ToolStep;

export const RUN_EVENT_TYPES = [
  'run.started',
  'step.started',
  'step.finished',
  'tool.call',
  'tool.result',
  'approval.needed',
  'approval.decided',
  'run.finished',
  'run.failed',
  /** The conversation outgrew the model's context: the oldest tool results were blanked, or the oldest messages summarised. */
  'context.truncated',
  'context.summarised',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export interface RunEvent {
  id: number;
  type: RunEventType;
  at: string;
  data: Record<string, unknown>;
}

export interface PendingApproval {
  toolCallId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  requestedAt: string;
}

export const ApprovalDecisionSchema = z.object({
  toolCallId: z.string().min(1),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().max(2000).optional(),
  by: z.string().max(200).optional(),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export interface RunOutcome {
  status: RunStatus;
  output?: string;
  /** The answer parsed as JSON when the agent has an output schema. */
  parsedOutput?: unknown;
  /** `reasons`: per deployment, why no model answered (`no_model_reachable`). */
  error?: { code: string; message: string; reasons?: DeploymentFailure[] };
  limit?: LimitName;
  /** Set while the run is in flight when the answer is claim-checked; the recorded outcome holds the whole `output`. */
  outputRef?: string;
  /** The conversation the run ended with (blob reference): what a next turn continues from. */
  conversationRef?: string;
}

/** A message content kept in the blob store: its reference and size in UTF-8 bytes. */
export interface ContentRef {
  ref: string;
  bytes: number;
}

/** A conversation message as history carries it: large contents by reference (`content` is then empty). */
export type ConversationEntry = ChatMessage & { contentRef?: ContentRef };

/** The run's conversation as blob references: what the model has seen (`ref`) and what it has not yet (`pending`). */
export interface CarriedConversation {
  ref?: string;
  pending: ConversationEntry[];
  /** The agent's tool specs, stored once. */
  toolsRef?: string;
}

/** State carried across continue-as-new. */
export interface CarriedRunState {
  messages: ChatMessage[];
  tools: ToolDescriptor[];
  steps: RunStep[];
  usage: RunUsage;
  nextEventId: number;
  deadlineAt: number;
  /** Events kept in the current history (older ones are archived to the store). */
  events: RunEvent[];
  /** Runs with claim-checked conversations keep `messages` empty and the conversation here. */
  conversation?: CarriedConversation;
}

export interface AgentRunInput {
  runId: string;
  tenantId: string;
  agent: { name: string; version: number; definition: AgentDefinition };
  input: string;
  priority: 'interactive' | 'batch';
  limits: { maxSteps: number; maxTotalTokens: number; deadlineSeconds: number; stepsPerHistory: number };
  carried?: CarriedRunState;
  /** How long model calls ride out an outage (`agents.modelOutageWindowSeconds`); absent in runs started before it existed. */
  modelOutage?: ModelOutagePolicy;
  /** Set when this run replays another (see services/replay). */
  replay?: ReplaySpec;
  /** A conversation (blob reference) the run continues: earlier turns the model sees before `input`. */
  history?: string;
  /** How the conversation is kept small: contents above `inlineBytes` travel by reference (`agents.inlineContentBytes`);
   * `contextMaxTokens` bounds a conversation for a model whose window the router does not know. */
  claimCheck?: { inlineBytes: number; contextMaxTokens: number };
}

export interface RunView {
  runId: string;
  status: RunStatus;
  steps: RunStep[];
  usage: RunUsage;
  pendingApprovals: PendingApproval[];
  outcome?: RunOutcome;
  events: RunEvent[];
  lastEventId: number;
}
