// Pure zod schemas for MCP tool access; importable from workflows (no I/O, no Node built-ins).
import { z } from 'zod';

/**
 * `_meta` key carrying the idempotency key of a tool call (workflow id + step + call index).
 * Servers that perform side effects must return the first result for a key they have seen.
 */
export const IDEMPOTENCY_META_KEY = 'keel/idempotencyKey';

/**
 * A secret stored by reference: an environment variable of the worker (operator servers only), or a
 * named secret (the tenant's own for tenant servers; `KEEL_SECRET_<NAME>` for operator servers).
 */
export const SecretRef = z.union([
  z.object({ fromEnv: z.string().min(1) }).strict(),
  z.object({ secret: z.string().min(1) }).strict(),
]);
export type SecretRef = z.infer<typeof SecretRef>;

/** A literal value or a secret reference, resolved only inside the MCP pool. */
export const MaybeSecret = z.union([z.string(), SecretRef]);
export type MaybeSecret = z.infer<typeof MaybeSecret>;

const serverName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

export const StdioServerSpec = z.object({
  transport: z.literal('stdio'),
  name: serverName,
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), MaybeSecret).default({}),
  cwd: z.string().optional(),
  /**
   * Set (by the registry, never by the tenant's body) on servers a tenant registered: their
   * `{ secret }` references resolve among this tenant's secrets only, and `{ fromEnv }` is refused.
   * Unset: an operator's server from keel.yaml.
   */
  tenantId: z.string().min(1).optional(),
});
export type StdioServerSpec = z.infer<typeof StdioServerSpec>;

export const HttpServerSpec = z.object({
  transport: z.literal('http'),
  name: serverName,
  url: z.string().url(),
  headers: z.record(z.string(), MaybeSecret).default({}),
  bearerTokenRef: SecretRef.optional(),
  /**
   * `public`: the client connects only to public addresses (checked at connect time, after DNS);
   * the registry sets it for tenant-registered servers. `any` for platform-configured servers.
   */
  egress: z.enum(['any', 'public']).default('any'),
  /**
   * Set (by the registry, never by the tenant's body) on servers a tenant registered: their
   * `{ secret }` references resolve among this tenant's secrets only, and `{ fromEnv }` is refused.
   * Unset: an operator's server from keel.yaml.
   */
  tenantId: z.string().min(1).optional(),
});
export type HttpServerSpec = z.infer<typeof HttpServerSpec>;

export const McpServerSpec = z.discriminatedUnion('transport', [StdioServerSpec, HttpServerSpec]);
export type McpServerSpec = z.infer<typeof McpServerSpec>;
export type McpServerSpecInput = z.input<typeof McpServerSpec>;

export const ToolAnnotations = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});
export type ToolAnnotations = z.infer<typeof ToolAnnotations>;

export const ToolDescriptor = z.object({
  server: z.string(),
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: ToolAnnotations,
});
export type ToolDescriptor = z.infer<typeof ToolDescriptor>;

export const ToolCallResult = z.object({
  /** Text parts joined with newlines; non-text parts are summarised as `[type]`. */
  content: z.string(),
  isError: z.boolean(),
  structuredContent: z.unknown().optional(),
});
export type ToolCallResult = z.infer<typeof ToolCallResult>;

/** What kind of failure a tool call met below the tool itself (tool errors are results, not these). */
export const McpFailureKind = z.enum([
  'connection', // could not connect, or the connection dropped (server crashed, network): retryable
  'timeout', // the call exceeded its time limit; cancellation was sent: retryable
  'cancelled', // the caller aborted: not retryable
  'protocol', // the server answered with a JSON-RPC error or a malformed result: not retryable
  'config', // bad spec or unresolvable secret: not retryable
]);
export type McpFailureKind = z.infer<typeof McpFailureKind>;

/** Grants are short; the cap keeps a glob match cheap whatever a tenant writes. */
export const MAX_GRANT_LENGTH = 256;

/**
 * A grant: `{ server: 'http', tools: ['fetch*'] }` (tools defaults to every tool), or the short
 * string form `"server"`, `"server/tool"`, `"server/*"`. `*` matches any run of characters,
 * `?` one character; everything else is literal.
 */
export const ToolGrant = z.union([
  z.string().min(1).max(MAX_GRANT_LENGTH),
  z.object({ server: z.string().min(1).max(MAX_GRANT_LENGTH), tools: z.array(z.string().min(1).max(MAX_GRANT_LENGTH)).default(['*']) }),
]);
export type ToolGrant = z.input<typeof ToolGrant>;

/** Approval policy per tool, keyed by grant string: see policy.ts's needsApproval. */
export const ApprovalPolicy = z.record(z.string(), z.enum(['always', 'never', 'auto']));
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;
