// `mcp:` section of keel.yaml; every field has a default so `{}` parses.
import { z } from 'zod';

export const McpConfig = z.object({
  /** Close a pooled connection (and stop its stdio server) after this long without calls. */
  idleTimeoutMs: z.number().int().positive().default(300_000),
  /** Per-call limit unless the caller passes its own; the server is sent a cancellation when it passes. */
  callTimeoutMs: z.number().int().positive().default(60_000),
  /** Limit for spawning/connecting and the MCP initialize handshake. */
  connectTimeoutMs: z.number().int().positive().default(20_000),
  /** How long a server's tool list is reused before it is listed again. */
  listToolsTtlMs: z.number().int().nonnegative().default(60_000),
  /**
   * Commands tenants may register as stdio servers (exact `command` values). Empty: tenants can
   * register Streamable HTTP servers only, since a stdio server runs on the worker.
   */
  tenantStdioCommands: z.array(z.string().min(1)).default([]),
  /** Let tenant HTTP servers reach private/loopback addresses (single-team installs only). */
  tenantPrivateHttp: z.boolean().default(false),
});
export type McpConfig = z.infer<typeof McpConfig>;
