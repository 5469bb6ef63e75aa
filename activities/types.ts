// What each activity takes and returns: the contract between workflows and activities. Built
// only from services' pure types, so a workflow (and any client that imports a workflow to start
// it) depends on this contract and never on the activities' implementations and their services.
import { z } from 'zod';
import { ChatMessageSchema, ChatRequestSchema, GenerationParamsSchema, PrioritySchema, ToolSpecSchema, type ChatResponse } from '../services/router/types';
import { ReplayCallSchema, ReplayToolCallSchema } from '../services/replay/types';
import { ContextPolicySchema, ToolGrantSchema, type AgentRunInput, type ChildRunRequest, type ContentRef, type ParentLink, type RunEvent, type RunOutcome, type RunStep, type RunUsage } from '../services/agents/types';
import type { ModelOutagePolicy } from '../services/router/policy';
import type { ToolCallResult, ToolDescriptor } from '../services/mcp/types';
import type { WorkflowRunInput } from '../services/workflows/types';
import type { ChunkingOptions, DocumentFailure, IngestCounts, IngestPlanRef, SourceSpec } from '../services/ingest/types';

const BlobRefSchema = z.string().regex(/^blob:sha256:[0-9a-f]{64}$/);
export const ContentRefSchema = z.object({ ref: BlobRefSchema, bytes: z.number().int().nonnegative() });
export const ConversationEntrySchema = z.intersection(ChatMessageSchema, z.object({ contentRef: ContentRefSchema.optional() }));

/**
 * A model call on a claim-checked conversation: the conversation so far by reference (`base`) and
 * the messages since (`append`); the activity rebuilds the whole list and answers with the new
 * conversation's reference. Tool specs travel inline once, then by the reference the call returned.
 */
export const ConversationCallSchema = z.object({
  model: z.string().min(1),
  generation: GenerationParamsSchema.optional(),
  base: BlobRefSchema.optional(),
  append: z.array(ConversationEntrySchema),
  tools: z.union([z.array(ToolSpecSchema), z.object({ ref: BlobRefSchema })]).optional(),
  context: ContextPolicySchema.optional(),
  /** Contents (the answer's, the appended messages') above this many bytes are stored by reference. */
  inlineBytes: z.number().int().positive(),
  /** The context budget when neither `context.maxTokens` nor the router knows the model's window. */
  contextMaxTokens: z.number().int().positive(),
});

/** A run's progress (new events, touched step records, usage) that an activity records before its work. */
const CarriedProgressSchema = z.object({
  events: z.array(z.object({ id: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) })),
  steps: z.array(z.object({ index: z.number().int().nonnegative() }).passthrough()),
  usage: z.record(z.string(), z.number()).optional(),
});

export const CallModelInput = z.object({
  tenantId: z.string(),
  runId: z.string(),
  step: z.number().int().nonnegative(),
  priority: PrioritySchema,
  /** The whole request: calls scheduled before conversations were claim-checked. */
  request: ChatRequestSchema.optional(),
  conversation: ConversationCallSchema.optional(),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  /** Set on replay runs: `exact` answers from the original trace instead of the model. */
  replay: ReplayCallSchema.optional(),
  /**
   * How long this call rides out an outage, and the run event its `waiting_for_model` status is
   * recorded at. Absent from calls scheduled by workflow code that predates the outage window.
   */
  /**
   * What the run did since its last progress write (the step's start among it): recorded and
   * published by this call before it streams, so no separate write holds the workflow task first.
   */
  progress: CarriedProgressSchema.optional(),
  /** Set when the run streams: the text is published as deltas following run event `afterEventId` (the step's step.started). */
  stream: z.object({ afterEventId: z.number().int().nonnegative() }).optional(),
  outage: z.object({
    windowSeconds: z.number().int().positive(),
    maxIntervalSeconds: z.number().int().positive(),
    statusAsOfEventId: z.number().int().nonnegative(),
  }).optional(),
});
export type CallModelInput = z.input<typeof CallModelInput>;
export type ParsedCallModelInput = z.output<typeof CallModelInput>;
/** What context management did to a conversation before the call (recorded as a run event). */
export interface ContextDecision {
  policy: 'truncate' | 'summarise';
  beforeTokens: number;
  afterTokens: number;
  maxTokens: number;
  /** Messages whose content was blanked (truncate) or folded into the summary (summarise). */
  messages: number;
  /** The summary call's usage and cost (summarise). */
  usage?: ChatResponse['usage'];
  costUsd?: number;
}

/**
 * `attempt`: which activity attempt answered (above 1 after an outage was ridden out). On a
 * conversation call: `conversation` is the new conversation's reference (the answer included), a
 * large answer is `contentRef` with a preview in `content`, `toolsRef` names the stored tool specs.
 */
export type CallModelResult = ChatResponse & {
  parsedOutput?: unknown;
  outputError?: string;
  attempt?: number;
  conversation?: string;
  contentRef?: ContentRef;
  toolsRef?: string;
  context?: ContextDecision;
};

export const ListAgentToolsInput = z.object({ tenantId: z.string(), grants: z.array(ToolGrantSchema) });
export type ListAgentToolsInput = z.input<typeof ListAgentToolsInput>;

export const CallToolInput = z.object({
  tenantId: z.string(),
  runId: z.string(),
  grants: z.array(ToolGrantSchema),
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().min(1),
  /** The run step and the call's place among that turn's calls: what its trace observation is keyed by.
   * Optional only for calls scheduled by workflow code that predates them. */
  step: z.number().int().nonnegative().optional(),
  callIndex: z.number().int().nonnegative().optional(),
  /** Set on replay runs: recorded results are served by mode (see ./replay). */
  replay: ReplayToolCallSchema.optional(),
  /** Set by claim-checking runs: a result above this many bytes is stored, and a preview and its reference returned. */
  inlineBytes: z.number().int().positive().optional(),
  /** What the run did since its last progress write (the step's start among it): recorded before the tool is called. */
  progress: CarriedProgressSchema.optional(),
});
export type CallToolInput = z.input<typeof CallToolInput>;
/** `replayed`: a replay served the result from the original trace; nothing was executed. `contentRef`: the whole result, when `content` is its preview. */
export type CallToolResult = ToolCallResult & { replayed?: true; contentRef?: ContentRef };

const EventSchema = z.object({ id: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) });
export const RunEventsSchema = z.array(EventSchema);

export const RecordRunOutcomeInput = z.object({
  runId: z.string(),
  tenantId: z.string(),
  outcome: z.object({ status: z.string() }).passthrough(),
  steps: z.array(z.unknown()),
  usage: z.unknown(),
  events: RunEventsSchema,
  /**
   * Step records touched since the run's last progress write (a registered workflow's last step):
   * upserted like a progress write's, for a run that keeps its steps as it goes.
   */
  stepRecords: z.array(z.object({ index: z.number().int().nonnegative() }).passthrough()).max(10_000).optional(),
});
export const RecordRunStatusInput = z.object({
  runId: z.string(),
  status: z.enum(['running', 'awaiting_approval']),
  /** The run's last event id when the status changed: orders the writes, so retries are harmless. */
  asOfEventId: z.number().int().nonnegative(),
});
export type RecordRunStatusInput = z.input<typeof RecordRunStatusInput>;

export const RecordRunProgressInput = z.object({
  runId: z.string(),
  events: RunEventsSchema,
  /** Steps that started or changed since the last write (whole records; each replaces its stored row). */
  steps: z.array(z.object({ index: z.number().int().nonnegative() }).passthrough()),
  usage: z.record(z.string(), z.number()).optional(),
  /** Set on the write of a registered run's run.started event: tracing starts the run's trace there. */
  tenantId: z.string().optional(),
});
export interface RecordRunProgressArgs { runId: string; events: RunEvent[]; steps: RunStep[]; usage?: RunUsage }

export interface RecordRunOutcomeArgs { runId: string; tenantId: string; outcome: RunOutcome; steps: RunStep[]; usage: RunUsage; events: RunEvent[] }
export interface ArchiveRunEventsArgs { runId: string; events: RunEvent[] }

/** The most a child agent's run may use: what its parent has left for the call. */
export type ChildRunBudget = ChildRunRequest['budget'];

/** Resolves a child agent (`name` → its current version), records its run (linked to the parent) and returns the child workflow's input. */
export type StartChildRunInput = ChildRunRequest;

/** The activities AgentRunWorkflow calls (the agents task queue). */
export interface AgentActivities {
  callModel(input: CallModelInput): Promise<CallModelResult>;
  listAgentTools(input: ListAgentToolsInput): Promise<ToolDescriptor[]>;
  callTool(input: CallToolInput): Promise<CallToolResult>;
  recordRunStatus(input: RecordRunStatusInput): Promise<void>;
  /** A local activity: the run's new events and changed steps into the store, then its events onto the stream bus. */
  recordRunProgress(input: RecordRunProgressArgs): Promise<void>;
  archiveRunEvents(input: ArchiveRunEventsArgs): Promise<void>;
  recordRunOutcome(input: RecordRunOutcomeArgs): Promise<void>;
  startChildRun(input: StartChildRunInput): Promise<AgentRunInput>;
}

export interface IngestPlanInput { tenantId: string; collection: string; source: SourceSpec; sourceKey?: string; batchSize: number }

export interface IngestBatchInput {
  tenantId: string;
  collection: string;
  /** The plan's readSource: small (listed sources point at the listing blob). */
  source: SourceSpec;
  sourceKey: string;
  chunking?: Partial<ChunkingOptions>;
  listingRef: string;
  batchIndex: number;
  batchSize: number;
}

export interface IngestBatchResult { counts: IngestCounts; failures: DocumentFailure[]; failuresOmitted: number }

export interface IngestDeleteStaleInput { tenantId: string; collection: string; deletionsRef: string; sourceKey: string }

/** The activities IngestWorkflow calls (the ingest task queue). */
export interface IngestActivities {
  ingestPlan(input: IngestPlanInput): Promise<IngestPlanRef>;
  ingestBatch(input: IngestBatchInput): Promise<IngestBatchResult>;
  ingestDeleteStale(input: IngestDeleteStaleInput): Promise<{ deleted: number }>;
}

export interface EndConversationInput { conversationId: string; status: 'expired' | 'closed' }

/** The activities ConversationWorkflow calls (the agents task queue). */
export interface ConversationActivities {
  endConversation(input: EndConversationInput): Promise<void>;
}

/** Creates a registered workflow's run record when it does not exist yet (a scheduled start has no API in front). */
export interface StartWorkflowRunInput {
  runId: string;
  tenantId: string;
  /** The Temporal Schedule that started the run (its start is audited as the schedule's). */
  schedule?: { id: string };
  workflowId: string;
  workflow: { name: string; version: number };
  inputs: Record<string, unknown>;
  versionReason?: string;
  parent?: ParentLink;
  /** The run this one resumes. */
  resumedFrom?: string;
}

/** A `retrieve` step's search. Results above `inlineBytes` come back as a StoredValue. */
export interface RetrieveForStepInput {
  tenantId: string;
  runId: string;
  /** The step record's index: keys its trace observation. */
  step: number;
  collection: string;
  query: string;
  mode: 'lexical' | 'dense' | 'hybrid';
  topK: number;
  rerank: boolean;
  documentId?: string;
  inlineBytes: number;
}

/**
 * Expressions, templates and template-valued JSON evaluated where stored values can be read: the
 * context's StoredValues are loaded first. A result above `inlineBytes` comes back stored, unless
 * `inline` (the caller passes it on to something that takes only whole values).
 */
export interface EvaluateForStepInput {
  context: Record<string, unknown>;
  evaluations: Array<{ kind: 'expression' | 'template' | 'value'; source: unknown }>;
  inlineBytes: number;
  inline?: boolean;
}

/** A `workflow` step's child: resolves its version, checks its inputs and returns its run input. */
export interface PrepareChildWorkflowInput {
  tenantId: string;
  childRunId: string;
  /** `name` or `name@version`. */
  ref: string;
  inputs: Record<string, unknown>;
  parent: ParentLink;
  depth: number;
  priority: 'interactive' | 'batch';
  limits: { deadlineSeconds: number; maxTotalTokens?: number; maxCostUsd?: number };
  settings: { inlineBytes: number; contextMaxTokens: number; agentDefaults: { maxSteps: number; maxTotalTokens: number; stepsPerHistory: number }; modelOutage?: ModelOutagePolicy };
}

/** The activities RegisteredWorkflow calls (the workflows task queue), besides the agent ones it shares. */
export interface WorkflowActivities {
  startWorkflowRun(input: StartWorkflowRunInput): Promise<{ created: boolean }>;
  retrieveForStep(input: RetrieveForStepInput): Promise<unknown>;
  evaluateForStep(input: EvaluateForStepInput): Promise<unknown[]>;
  prepareChildWorkflow(input: PrepareChildWorkflowInput): Promise<WorkflowRunInput>;
  /** A local activity, as for agents: new events and changed step records into the store, then onto the bus. */
  recordRunProgress(input: { runId: string; events: RunEvent[]; steps: unknown[]; usage?: RunUsage; tenantId?: string }): Promise<void>;
  recordRunOutcome(input: { runId: string; tenantId: string; outcome: unknown; steps: unknown[]; usage: RunUsage; events: RunEvent[]; stepRecords?: Array<{ index: number }> }): Promise<void>;
}
