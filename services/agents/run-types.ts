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

export const LIMIT_NAMES = ['max_steps', 'max_total_tokens', 'max_cost_usd', 'deadline'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

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
  /** Set when the conversation outgrew the context window before this call: what was done to it. */
  context?: { policy: 'truncate' | 'summarise'; beforeTokens: number; afterTokens: number; maxTokens: number; messages: number };
  /** The answer's blob reference when it was claim-checked (`text` is then filled from it where the step is stored). */
  textRef?: string;
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

/** A tool call waiting for a person. `runId` is set when a child agent's run asks (surfaced on its parent). */
export interface PendingToolApproval {
  kind?: 'tool';
  toolCallId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  requestedAt: string;
  runId?: string;
  /** A registered workflow's `approval` or `tool` step: what the person is asked (`toolCallId` is then the step's path). */
  message?: string;
}

/** A run that reached a limit with `onLimit: ask`: `used` of the limit's `limit` so far. */
export interface PendingBudgetRequest {
  kind: 'budget';
  requestId: string;
  limit: LimitName;
  used: number;
  current: number;
  requestedAt: string;
  runId?: string;
}

export type PendingApproval = PendingToolApproval | PendingBudgetRequest;

/** The most a single budget decision may add. */
export const BUDGET_EXTENSION_MAX = { steps: 10_000, tokens: 100_000_000, costUsd: 100_000, seconds: 30 * 24 * 3600 } as const;

export const BudgetExtensionSchema = z
  .object({
    steps: z.number().int().positive().max(BUDGET_EXTENSION_MAX.steps).optional(),
    tokens: z.number().int().positive().max(BUDGET_EXTENSION_MAX.tokens).optional(),
    costUsd: z.number().positive().max(BUDGET_EXTENSION_MAX.costUsd).optional(),
    seconds: z.number().int().positive().max(BUDGET_EXTENSION_MAX.seconds).optional(),
  })
  .strict();
export type BudgetExtension = z.infer<typeof BudgetExtensionSchema>;


/** `runId`: the child run the request belongs to, when deciding through its parent (found from the pending list when omitted). */
const DecisionTarget = { runId: z.string().min(1).max(100).optional() };

export const ToolApprovalDecisionSchema = z.object({
  kind: z.literal('tool').optional(),
  toolCallId: z.string().min(1).max(200),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().max(2000).optional(),
  by: z.string().max(200).optional(),
  ...DecisionTarget,
});

export const BudgetDecisionFields = z
  .object({
    kind: z.literal('budget'),
    /** The pending request's id (optional: a run has at most one budget request pending). */
    requestId: z.string().min(1).max(100).optional(),
    decision: z.enum(['extend', 'end']),
    /** With `extend`: how much to add; it must include the amount for the limit that was reached. */
    extend: BudgetExtensionSchema.optional(),
    reason: z.string().max(2000).optional(),
    by: z.string().max(200).optional(),
    ...DecisionTarget,
  });

/** An extension names at least one amount. */
export const extendNamesAnAmount = (d: { decision: 'extend' | 'end'; extend?: BudgetExtension }) =>
  d.decision === 'end' || (d.extend !== undefined && Object.keys(d.extend).length > 0);
export const EXTEND_NEEDS_AN_AMOUNT = { message: 'extend needs at least one of steps, tokens, costUsd, seconds', path: ['extend'] };

export const BudgetDecisionSchema = BudgetDecisionFields.refine(extendNamesAnAmount, EXTEND_NEEDS_AN_AMOUNT);

export const ApprovalDecisionSchema = z.union([BudgetDecisionSchema, ToolApprovalDecisionSchema]);
export type ToolApprovalDecision = z.infer<typeof ToolApprovalDecisionSchema>;
export type BudgetDecision = z.infer<typeof BudgetDecisionSchema>;
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export interface RunOutcome {
  status: RunStatus;
  output?: string;
  /** The answer parsed as JSON when the agent has an output schema. */
  parsedOutput?: unknown;
  /** `reasons`: per deployment, why no model answered (`no_model_reachable`). */
  error?: { code: string; message: string; reasons?: DeploymentFailure[] };
  limit?: LimitName;
  /** A child agent's run returns what it used, so its parent counts it. */
  usage?: RunUsage;
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
  /** The limits as extended by budget decisions (absent until the first extension). */
  limits?: RunLimits;
  /** Events kept in the current history (older ones are archived to the store). */
  events: RunEvent[];
  /** Runs with claim-checked conversations keep `messages` empty and the conversation here. */
  conversation?: CarriedConversation;
  /**
   * Set in runs that record their progress in the store as it happens: the next step's index.
   * `steps` then holds only steps still open and `events` only those not yet recorded.
   */
  nextStepIndex?: number;
}

/** A run's limits; `maxCostUsd` absent: no cost limit. `onLimit` absent: stop. */
export interface RunLimits {
  maxSteps: number;
  maxTotalTokens: number;
  maxCostUsd?: number;
}

/** An agent a run may call, as the model sees it (`agent_<name>`). */
export interface ChildAgentTool {
  /** As the definition lists it: `name` or `name@version`. */
  ref: string;
  toolName: string;
  description: string;
}

/** What a parent run asks for a child agent's run: the agent (`name` or `name@version`, as the parent's definition lists it), its input and its carved budget. */
export interface ChildRunRequest {
  tenantId: string;
  childRunId: string;
  parent: ParentLink;
  ref: string;
  input: string;
  priority: 'interactive' | 'batch';
  budget: RunLimits & { deadlineSeconds: number };
  stepsPerHistory: number;
  modelOutage?: ModelOutagePolicy;
}

/** Where a child agent's run was called from. */
export interface ParentLink {
  runId: string;
  workflowId: string;
  step: number;
  callIndex: number;
}

export interface AgentRunInput {
  runId: string;
  tenantId: string;
  agent: { name: string; version: number; definition: AgentDefinition };
  input: string;
  priority: 'interactive' | 'batch';
  limits: RunLimits & { deadlineSeconds: number; stepsPerHistory: number; onLimit?: 'stop' | 'ask' };
  /** The agents this run may call (absent: none). */
  childAgents?: ChildAgentTool[];
  /** Set when this run is a child agent's, called by another run. */
  parent?: ParentLink;
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
