// The agent definition teams register. Pure zod: the workflow imports it.
import { z } from 'zod';
import { GenerationParamsSchema } from '../router/types';

export const AGENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const ApprovalPolicySchema = z.enum(['always', 'never', 'auto']);
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

export const ToolGrantSchema = z.object({
  /** Name of an MCP server known to the platform (config or the tenant's registry). */
  server: z.string().min(1).max(256),
  /** Tool names or globs (`*`, `read_*`), at most 256 characters each. */
  tools: z.array(z.string().min(1).max(256)).min(1).default(['*']),
  /**
   * Per tool name or glob: `always`, `never`, or `auto` (the default: destructive tools by MCP's
   * annotations need approval, read-only ones do not).
   */
  approval: z.record(z.string().max(256), ApprovalPolicySchema).default({}),
});
export type ToolGrant = z.infer<typeof ToolGrantSchema>;

export const AgentLimitsSchema = z.object({
  maxSteps: z.number().int().positive().max(10_000).optional(),
  maxTotalTokens: z.number().int().positive().optional(),
  /** Spend on model calls, in US dollars, as the router prices them (its own and its child agents'). */
  maxCostUsd: z.number().positive().max(1_000_000).optional(),
  deadlineSeconds: z.number().int().positive().max(30 * 24 * 3600).optional(),
  /** At a limit: `stop` (budget_exceeded, the default) or `ask` a person to extend the budget or end the run. */
  onLimit: z.enum(['stop', 'ask']).optional(),
});

/** Another agent this one may call as a tool: `name` (its current version when called) or `name@version`. */
export const AGENT_REF = /^([a-z0-9][a-z0-9_-]{0,62})(?:@([1-9][0-9]{0,8}))?$/;
export const AgentRefSchema = z.string().regex(AGENT_REF, 'an agent name, or name@version');

export function parseAgentRef(ref: string): { name: string; version?: number } {
  const m = AGENT_REF.exec(ref);
  if (!m) throw new Error(`not an agent reference: ${ref}`);
  return { name: m[1]!, ...(m[2] ? { version: Number(m[2]) } : {}) };
}
export const ContextPolicySchema = z.object({
  policy: z.enum(['truncate', 'summarise']).default('truncate'),
  maxTokens: z.number().int().min(1024).optional(),
});
export type ContextPolicy = z.infer<typeof ContextPolicySchema>;

export const AgentDefinitionSchema = z
  .object({
    name: z.string().regex(AGENT_NAME, 'lowercase letters, digits, - and _, at most 63 characters'),
    description: z.string().max(2000).default(''),
    instructions: z.string().min(1).max(200_000),
    /** Logical model name, resolved by the router. */
    model: z.string().min(1),
    generation: GenerationParamsSchema.optional(),
    tools: z.array(ToolGrantSchema).default([]),
    limits: AgentLimitsSchema.default({}),
    /** Conversations with this agent end after this long without a message (default: `agents.conversationIdleSeconds`). */
    conversation: z.object({ idleSeconds: z.number().int().min(1).max(30 * 86_400) }).strict().optional(),
    /** Agents this one may call, each offered to the model as the tool `agent_<name>`. */
    agents: z.array(AgentRefSchema).max(16).optional(),
    /** JSON Schema the final answer must satisfy (answer is then parsed as JSON). */
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    /**
     * When the conversation outgrows `maxTokens` (default: the model's context window as the router
     * knows it, else `agents.contextMaxTokens`): `truncate` blanks the oldest tool results,
     * `summarise` replaces the oldest messages by a summary the model writes.
     */
    context: ContextPolicySchema.optional(),
  })
  .strict();
export type AgentDefinition = z.infer<typeof AgentDefinitionSchema>;
