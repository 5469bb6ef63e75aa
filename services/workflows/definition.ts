// The workflow definition business teams register (YAML or JSON): the single source of its types.
// Structural rules live here; rules that need the whole definition (ids, references, expressions,
// JSON Schemas, cron) are in validate.ts. Everything a tenant writes is bounded.
import { z } from 'zod';
import { GenerationParamsSchema } from '../router/types';
import { CollectionNameSchema, SearchModeSchema } from '../vector/types';
import { durationProblem } from './duration';

export const DEFINITION_LIMITS = {
  /** Steps in the whole definition, nested and compensation steps included. */
  maxSteps: 500,
  /** Steps inside steps (branch, parallel, map, compensation). */
  maxNesting: 8,
  maxDefinitionBytes: 1_000_000,
  maxExpressionLength: 4_096,
  maxTemplateLength: 100_000,
  maxCases: 50,
  maxParallelBranches: 16,
  maxMapConcurrency: 32,
  maxSetValues: 100,
  maxOutputs: 100,
  maxSchedules: 10,
  maxToolArguments: 100,
  maxRetryAttempts: 20,
} as const;

/** Workflow names (and agent names): as agents name themselves. */
export const WORKFLOW_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** A registered agent or workflow, optionally pinned to a version: `triage`, `triage@3`. */
export const VERSIONED_NAME = /^[a-z0-9][a-z0-9_-]{0,62}(?:@[1-9][0-9]{0,8})?$/;
/** Step ids are CEL identifiers (`steps.classify.output` must parse), lowercase. */
export const STEP_ID = /^[a-z][a-z0-9_]{0,62}$/;
/** Names of variables, outputs, map items and parallel branches: CEL identifiers. */
export const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import',
  'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
/** Names expressions already use for the context; a map variable may not shadow them. */
export const RESERVED_NAMES = new Set(['inputs', 'steps', 'vars', 'run']);

const notReserved = (s: string) => !CEL_RESERVED.has(s);
const StepId = z
  .string()
  .regex(STEP_ID, 'lowercase letters, digits and _, starting with a letter, at most 63 characters')
  .refine(notReserved, 'a reserved word of the expression language');
const Identifier = z
  .string()
  .regex(NAME, 'letters, digits and _, starting with a letter, at most 63 characters')
  .refine(notReserved, 'a reserved word of the expression language');

/** A CEL expression (see cel.ts). */
export const ExpressionSchema = z.string().min(1).max(DEFINITION_LIMITS.maxExpressionLength);
/** Text with `{{ expression }}` holes (see template.ts). */
export const TemplateSchema = z.string().max(DEFINITION_LIMITS.maxTemplateLength);
export const DurationSchema = z.string().superRefine((text, ctx) => {
  const problem = durationProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A JSON Schema object; checked as one (RE2-safe patterns, compiles) by validate.ts. */
export const JsonSchemaSchema = z.record(z.string().max(256), z.unknown());
export const DecisionSchema = z.enum(['approve', 'reject']);

export const RetrySchema = z.strictObject({
  /** Attempts in all, the first included. */
  attempts: z.number().int().min(1).max(DEFINITION_LIMITS.maxRetryAttempts),
  backoff: z
    .strictObject({
      initial: DurationSchema.default('1s'),
      factor: z.number().min(1).max(10).default(2),
      max: DurationSchema.optional(),
    })
    .optional(),
});

const stepBase = {
  id: StepId,
  /** Run the step only when this condition holds; otherwise it is `skipped`. */
  if: ExpressionSchema.optional(),
  timeout: DurationSchema.optional(),
  retry: RetrySchema.optional(),
};

// Steps nest (branch, parallel, map, compensation): the recursive parts are typed by hand and
// reached lazily; everything else is inferred from the schemas.
export type OnError =
  /** Steps that undo what ran before; the run then fails with the step's error. */
  | { compensate: Step[] }
  /** Carry on as if the step had produced this value. */
  | { continue: { value: string } };

const OnErrorSchema: z.ZodType = z.lazy(() =>
  z.union([z.strictObject({ compensate: StepListSchema }), z.strictObject({ continue: z.strictObject({ value: ExpressionSchema }) })]),
);
const LazyStepList: z.ZodType = z.lazy(() => StepListSchema);

const StepBaseSchema = z.strictObject(stepBase);
/** What every step has; `onError` is typed here because it nests steps. */
export type StepCommon = z.output<typeof StepBaseSchema> & { onError?: OnError };

export const LlmStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('llm'),
  onError: OnErrorSchema.optional(),
  /** Logical model name, resolved by the router. */
  model: z.string().min(1).max(200),
  system: TemplateSchema.optional(),
  prompt: TemplateSchema.min(1),
  /** The answer must be JSON satisfying this schema (one repair attempt); the output is then that JSON. */
  outputSchema: JsonSchemaSchema.optional(),
  generation: GenerationParamsSchema.optional(),
});

export const RetrieveStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('retrieve'),
  onError: OnErrorSchema.optional(),
  collection: CollectionNameSchema,
  query: TemplateSchema.min(1),
  mode: SearchModeSchema.default('hybrid'),
  topK: z.number().int().min(1).max(100).default(8),
  rerank: z.boolean().default(false),
  /** Search inside one document only (a template yielding its document id). */
  documentId: TemplateSchema.min(1).optional(),
});

export const ToolApprovalSchema = z.strictObject({
  /** `auto`: wait for a person when the tool is destructive (MCP `destructiveHint`), as agents do. */
  policy: z.enum(['always', 'never', 'auto']).default('auto'),
  message: TemplateSchema.optional(),
  timeout: DurationSchema.default('24h'),
  defaultDecision: DecisionSchema.default('reject'),
});

export const ToolStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('tool'),
  onError: OnErrorSchema.optional(),
  /** An MCP server known to the platform or registered by the tenant. */
  server: z.string().min(1).max(256),
  tool: z.string().min(1).max(256),
  /** JSON arguments; any string in them may be a template (`"{{ expr }}"` alone keeps the value's type). */
  arguments: z.record(z.string().max(256), z.json()).default({}),
  approval: ToolApprovalSchema.default({ policy: 'auto', timeout: '24h', defaultDecision: 'reject' }),
});

export const AgentStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('agent'),
  onError: OnErrorSchema.optional(),
  /** A registered agent: `name` (its stable version) or `name@version`. */
  agent: z.string().regex(VERSIONED_NAME, 'an agent name, optionally @version'),
  input: TemplateSchema.min(1),
  /** Share of the run's remaining token and cost budget the agent may spend (0–1]. */
  budgetShare: z.number().gt(0).max(1).default(0.5),
});

export const WorkflowStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('workflow'),
  onError: OnErrorSchema.optional(),
  /** A registered workflow: `name` or `name@version`. */
  workflow: z.string().regex(VERSIONED_NAME, 'a workflow name, optionally @version'),
  /** The child's inputs, each an expression. */
  inputs: z.record(z.string().max(256), ExpressionSchema).default({}),
});

export const ApprovalStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('approval'),
  onError: OnErrorSchema.optional(),
  message: TemplateSchema.min(1),
  /** How long to wait for a person. */
  timeout: DurationSchema.default('24h'),
  /** The decision when nobody decides in time. */
  defaultDecision: DecisionSchema.default('reject'),
});

export const BranchStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('branch'),
  onError: OnErrorSchema.optional(),
  /** The first case whose `when` holds runs; else `else`, if any. */
  cases: z.array(z.strictObject({ when: ExpressionSchema, steps: LazyStepList })).min(1).max(DEFINITION_LIMITS.maxCases),
  else: LazyStepList.optional(),
});

export const ParallelStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('parallel'),
  onError: OnErrorSchema.optional(),
  branches: z
    .record(Identifier, LazyStepList)
    .refine((b) => Object.keys(b).length >= 1 && Object.keys(b).length <= DEFINITION_LIMITS.maxParallelBranches, `1 to ${DEFINITION_LIMITS.maxParallelBranches} branches`),
});

export const MapStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('map'),
  onError: OnErrorSchema.optional(),
  /** An expression yielding a list (at most 10,000 items). */
  over: ExpressionSchema,
  /** The variable holding the current item inside `steps`. */
  as: Identifier.refine((s) => !RESERVED_NAMES.has(s), 'inputs, steps, vars and run are taken').default('item'),
  concurrency: z.number().int().min(1).max(DEFINITION_LIMITS.maxMapConcurrency).default(4),
  steps: LazyStepList,
});

export const WaitStepSchema = z
  .strictObject({
    ...stepBase,
    kind: z.literal('wait'),
    onError: OnErrorSchema.optional(),
    /** Sleep this long… */
    duration: DurationSchema.optional(),
    /** …or until this signal arrives (bounded by the step's `timeout`, which is then required). */
    signal: Identifier.optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.duration === undefined) === (step.signal === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a wait step has either duration or signal', path: ['duration'] });
    } else if (step.signal !== undefined && step.timeout === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a wait for a signal needs a timeout', path: ['timeout'] });
    }
  });

export const SetStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('set'),
  onError: OnErrorSchema.optional(),
  /** Each value an expression; later steps read them as `vars.<name>`. */
  values: z
    .record(Identifier, ExpressionSchema)
    .refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= DEFINITION_LIMITS.maxSetValues, `1 to ${DEFINITION_LIMITS.maxSetValues} values`),
});

export const StepSchema = z.discriminatedUnion('kind', [
  LlmStepSchema,
  RetrieveStepSchema,
  ToolStepSchema,
  AgentStepSchema,
  WorkflowStepSchema,
  ApprovalStepSchema,
  BranchStepSchema,
  ParallelStepSchema,
  MapStepSchema,
  WaitStepSchema,
  SetStepSchema,
]);

export const StepListSchema = z.array(StepSchema).min(1).max(DEFINITION_LIMITS.maxSteps);
const TypedStepList = StepListSchema as unknown as z.ZodType<Step[], unknown>;

export const STEP_KINDS = ['llm', 'retrieve', 'tool', 'agent', 'workflow', 'approval', 'branch', 'parallel', 'map', 'wait', 'set'] as const;

export const ScheduleSchema = z.strictObject({
  /** Standard 5-field cron (or @daily, @hourly, …). */
  cron: z.string().min(1).max(200),
  /** IANA time zone the cron is read in. */
  timezone: z.string().max(100).default('UTC'),
  /** Runs missed while Keel was down are still started if no older than this. */
  catchupWindow: DurationSchema.default('1h'),
  /** When a run is still going at the next time: skip the new one, buffer it, or cancel/terminate the old one. */
  overlap: z.enum(['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all']).default('skip'),
  /** The inputs each scheduled run gets (checked against `inputs`). */
  inputs: z.record(z.string().max(256), z.json()).default({}),
  paused: z.boolean().default(false),
});

export const LimitsSchema = z.strictObject({
  /** The whole run must finish within this. */
  deadline: DurationSchema.optional(),
  maxTotalTokens: z.number().int().positive().max(1_000_000_000).optional(),
  maxCostUsd: z.number().positive().max(1_000_000).optional(),
});

export const WorkflowDefinitionSchema = z.strictObject({
  name: z.string().regex(WORKFLOW_NAME, 'lowercase letters, digits, - and _, at most 63 characters'),
  description: z.string().max(2000).default(''),
  /** JSON Schema of the run's inputs. */
  inputs: JsonSchemaSchema.default({ type: 'object' }),
  /** The run's result: each output an expression over the steps. */
  outputs: z
    .record(Identifier, ExpressionSchema)
    .refine((o) => Object.keys(o).length <= DEFINITION_LIMITS.maxOutputs, `at most ${DEFINITION_LIMITS.maxOutputs} outputs`)
    .default({}),
  limits: LimitsSchema.default({}),
  schedules: z.array(ScheduleSchema).max(DEFINITION_LIMITS.maxSchedules).default([]),
  steps: TypedStepList,
});

export type WorkflowDefinition = z.output<typeof WorkflowDefinitionSchema>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinitionSchema>;
/** A kind's fields as its schema infers them, with the nesting parts typed by hand. */
type Kind<S extends z.ZodType, Nested extends string = never, Extra = unknown> = StepCommon & Omit<z.output<S>, 'onError' | Nested> & Extra;
export type LlmStep = Kind<typeof LlmStepSchema>;
export type RetrieveStep = Kind<typeof RetrieveStepSchema>;
export type ToolStep = Kind<typeof ToolStepSchema>;
export type AgentStep = Kind<typeof AgentStepSchema>;
export type WorkflowStep = Kind<typeof WorkflowStepSchema>;
export type ApprovalStep = Kind<typeof ApprovalStepSchema>;
export type BranchStep = Kind<typeof BranchStepSchema, 'cases' | 'else', { cases: Array<{ when: string; steps: Step[] }>; else?: Step[] }>;
export type ParallelStep = Kind<typeof ParallelStepSchema, 'branches', { branches: Record<string, Step[]> }>;
export type MapStep = Kind<typeof MapStepSchema, 'steps', { steps: Step[] }>;
export type WaitStep = Kind<typeof WaitStepSchema>;
export type SetStep = Kind<typeof SetStepSchema>;
export type Step = LlmStep | RetrieveStep | ToolStep | AgentStep | WorkflowStep | ApprovalStep | BranchStep | ParallelStep | MapStep | WaitStep | SetStep;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;
export type Schedule = z.output<typeof ScheduleSchema>;
