// Audit log entries: who (actor) did what (action) to which thing (target), per tenant.
import { z } from 'zod';

export const AuditActionSchema = z.enum([
  'agent.registered',
  'agent.published',
  'agent.promoted',
  'agent.rolled_back',
  'agent.canary_set',
  'agent.pinned',
  'agent.unpinned',
  'workflow.registered',
  'workflow.published',
  'workflow.promoted',
  'workflow.rolled_back',
  'workflow.canary_set',
  'workflow.pinned',
  'workflow.unpinned',
  'source.registered',
  'run.started',
  'run.cancelled',
  'run.signalled',
  'tool.approved',
  'tool.rejected',
  'budget.extended',
  'budget.ended',
  'tool.executed',
  'replay.started',
  'secret.set',
  'secret.deleted',
  'key.created',
  'key.revoked',
  'conversation.opened',
  'conversation.message',
  'conversation.closed',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditActorSchema = z.object({
  /** api_key: an API caller (id = key id); workflow: a run acting on its own (id = workflow id); schedule: a Temporal Schedule (id = schedule id). */
  type: z.enum(['api_key', 'user', 'workflow', 'system', 'schedule']),
  id: z.string().min(1).max(200),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditTargetSchema = z.object({
  /** agent, workflow, source, run, tool, replay … */
  type: z.string().min(1).max(50),
  id: z.string().min(1).max(500),
});

export const AuditEntryInputSchema = z.object({
  /**
   * Idempotency: the same id is stored once. Activities that may be retried pass one derived
   * from their idempotency key (e.g. `tool.executed:<workflowId>:<step>:<call>`).
   */
  id: z.string().min(1).max(300).optional(),
  tenantId: z.string().min(1),
  action: AuditActionSchema,
  actor: AuditActorSchema,
  target: AuditTargetSchema,
  /** Masked before storage: secrets removed, PII redacted (tool arguments, inputs). */
  details: z.record(z.string(), z.unknown()).default({}),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type AuditEntryInput = z.input<typeof AuditEntryInputSchema>;

export interface AuditEntry {
  id: string;
  tenantId: string;
  at: string;
  action: AuditAction;
  actor: AuditActor;
  target: { type: string; id: string };
  details: Record<string, unknown>;
}

export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** One action or a comma-separated list (see `parseActionList`). */
  action: z
    .string()
    .max(1000)
    .regex(/^[a-z._]+(,[a-z._]+)*$/, 'comma-separated action names')
    .refine((v) => v.split(',').every((a) => AuditActionSchema.safeParse(a).success), {
      message: `each action must be one of: ${AuditActionSchema.options.join(', ')}`,
    })
    .optional(),
  actorId: z.string().max(200).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(500).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export function parseActionList(value: string | undefined): AuditAction[] | undefined {
  return value === undefined ? undefined : value.split(',').map((a) => AuditActionSchema.parse(a));
}
