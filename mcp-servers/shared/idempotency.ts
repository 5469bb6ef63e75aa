// Shipped servers honour the caller's idempotency key: the same key gets the first result back,
// and concurrent calls with one key share one execution.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { IDEMPOTENCY_META_KEY } from '../../services/mcp';

/** The call's idempotency key, scoped to the authenticated caller when there is one. */
export function idempotencyKeyOf(extra: { _meta?: Record<string, unknown>; authInfo?: { clientId?: string } }): string | undefined {
  const key = extra._meta?.[IDEMPOTENCY_META_KEY];
  if (typeof key !== 'string' || key.length === 0) return undefined;
  return extra.authInfo?.clientId ? `${extra.authInfo.clientId}\u0000${key}` : key;
}

/** In-memory results by key, bounded by count and age (enough for retries within one server process). */
export class IdempotentResults {
  private readonly results = new Map<string, { at: number; result: Promise<CallToolResult> }>();
  constructor(
    private readonly maxEntries = 1000,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  run(key: string | undefined, fn: () => Promise<CallToolResult>): Promise<CallToolResult> {
    if (!key) return fn();
    const now = Date.now();
    const hit = this.results.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.result;
    const result = fn();
    this.results.set(key, { at: now, result });
    // Failures (thrown or tool errors) are not kept: a retry after a transient error runs again.
    result.then(
      (r) => r.isError && this.results.delete(key),
      () => this.results.delete(key),
    );
    while (this.results.size > this.maxEntries) this.results.delete(this.results.keys().next().value as string);
    return result;
  }
}
