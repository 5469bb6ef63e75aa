// Failures below the tool (transport, protocol, timeout, cancellation), classified for retry.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SafeFetchError } from '../net';
import type { McpFailureKind } from './types';

const RETRYABLE: Record<McpFailureKind, boolean> = {
  connection: true,
  timeout: true,
  cancelled: false,
  protocol: false,
  config: false,
};

export class McpCallError extends Error {
  override readonly name = 'McpCallError';
  readonly retryable: boolean;
  constructor(
    readonly kind: McpFailureKind,
    readonly server: string,
    message: string,
    /** For `cancelled`: the abort signal's reason (e.g. Temporal's CancelledFailure), to rethrow as is. */
    options?: { cause?: unknown },
  ) {
    super(`mcp server "${server}": ${message}`, options);
    this.retryable = RETRYABLE[kind];
  }
}

/** Maps whatever the SDK or the transport threw to a classified McpCallError. */
export function classifyFailure(err: unknown, server: string, signal: AbortSignal | undefined, redact: (s: string) => string): McpCallError {
  if (err instanceof McpCallError) return err;
  const message = redact(err instanceof Error ? err.message : String(err));
  if (signal?.aborted) return cancelledError(server, signal);
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) return new McpCallError('timeout', server, message);
    if (err.code === ErrorCode.ConnectionClosed) return new McpCallError('connection', server, message);
    return new McpCallError('protocol', server, message);
  }
  if (err instanceof SafeFetchError && err.code === 'blocked_address') {
    return new McpCallError('config', server, `server address refused: ${message}`);
  }
  if (err instanceof StreamableHTTPError) {
    // 404 means the server lost our session (it restarted): a fresh connection fixes it.
    const code = err.code ?? 0;
    const transient = code === 404 || code === 408 || code === 429 || code >= 500 || code <= 0;
    return new McpCallError(transient ? 'connection' : 'protocol', server, message);
  }
  if (err instanceof Error && (err.name === 'ZodError' || err.name === 'SyntaxError')) {
    return new McpCallError('protocol', server, message);
  }
  // Socket errors, spawn failures, "Not connected", fetch failures.
  return new McpCallError('connection', server, message);
}

export const cancelledError = (server: string, signal: AbortSignal) =>
  new McpCallError('cancelled', server, 'call cancelled by the caller', { cause: signal.reason });
