// Pooled MCP clients: one connection per server spec per process, reconnected on failure,
// closed when idle; a call that lost its server is retried once with the same idempotency key.
// Retrying over time is the tool activity's (README: "Who retries what").
import { performance } from 'node:perf_hooks';
import { McpServerSpec, IDEMPOTENCY_META_KEY, type McpServerSpecInput, type ToolCallResult, type ToolDescriptor } from './types';
import { ConnectFailure, McpConnection } from './connection';
import { McpCallError, cancelledError, classifyFailure } from './errors';
import { resolveSpec, makeRedactor, envSecretResolver, type SecretResolver, type TenantSecretResolver } from './secrets';
import { compileArgsCheck, type ArgsCheck } from './validate-args';
import { toToolCallResult, toToolDescriptor, toolError } from './results';
import { McpConfig } from './config';
import { stableKey } from './spec-key';
import { createMcpTelemetry } from './telemetry';
import type { Registry } from 'prom-client';

export interface McpPoolOptions {
  idleTimeoutMs?: number;
  callTimeoutMs?: number;
  connectTimeoutMs?: number;
  listToolsTtlMs?: number;
  /** Resolves `{ secret: name }` in operator servers (keel.yaml); their `{ fromEnv }` reads the worker's env. */
  resolveSecret?: SecretResolver;
  /** Resolves `{ secret: name }` in a tenant's servers, among that tenant's secrets; without it they have none. */
  resolveTenantSecret?: TenantSecretResolver;
  /** prom-client registry for MCP metrics (default: prom-client's global registry). */
  metricsRegistry?: Registry;
}

export interface CallToolOptions {
  /** Sent as `_meta["keel/idempotencyKey"]`; reused verbatim when the call is retried. */
  idempotencyKey: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface McpPool {
  listTools(spec: McpServerSpecInput): Promise<ToolDescriptor[]>;
  callTool(spec: McpServerSpecInput, tool: string, args: Record<string, unknown>, opts: CallToolOptions): Promise<ToolCallResult>;
  close(): Promise<void>;
}

interface CachedTools {
  at: number;
  tools: ToolDescriptor[];
  checks: Map<string, ArgsCheck>;
}

interface Entry {
  key: string;
  spec: McpServerSpec;
  conn?: Promise<McpConnection>;
  inflight: number;
  idleTimer?: NodeJS.Timeout;
  tools?: CachedTools;
  toolsLoading?: Promise<CachedTools>;
  redact: (s: string) => string;
  connects: number;
}

export function createMcpPool(options: McpPoolOptions = {}): McpPool {
  const cfg = McpConfig.parse(options);
  const secretSources = { operator: options.resolveSecret ?? envSecretResolver, tenant: options.resolveTenantSecret };
  const telemetry = createMcpTelemetry(options.metricsRegistry);
  const entries = new Map<string, Entry>();
  let closed = false;

  function entryFor(input: McpServerSpecInput): Entry {
    if (closed) throw new McpCallError('config', input.name, 'the MCP pool is closed');
    const parsed = McpServerSpec.safeParse(input);
    if (!parsed.success) throw new McpCallError('config', String(input?.name), `invalid server spec: ${parsed.error.message}`);
    const key = stableKey(parsed.data);
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, spec: parsed.data, inflight: 0, redact: (s) => s, connects: 0 };
      entries.set(key, entry);
    }
    return entry;
  }

  function connect(entry: Entry): Promise<McpConnection> {
    const opening = (async () => {
      const resolved = await resolveSpec(entry.spec, secretSources); // throws 'config' on a missing or refused secret
      entry.redact = makeRedactor(resolved.secrets);
      telemetry.connect(entry.spec.name, entry.connects++ === 0 ? 'first' : 'reconnect');
      return McpConnection.open(resolved, {
        connectTimeoutMs: cfg.connectTimeoutMs,
        clientVersion: '0.1.0',
        // The server says its tools changed: the next listTools/callTool lists them again.
        onToolsChanged: () => {
          entry.tools = undefined;
        },
      });
    })();
    entry.conn = opening;
    opening.catch(() => {
      if (entry.conn === opening) entry.conn = undefined;
    });
    return opening;
  }

  async function acquire(entry: Entry): Promise<McpConnection> {
    for (let i = 0; i < 3; i++) {
      const pending = entry.conn ?? connect(entry);
      let conn: McpConnection;
      try {
        conn = await pending;
      } catch (err) {
        if (!(err instanceof ConnectFailure)) throw classifyFailure(err, entry.spec.name, undefined, entry.redact);
        throw withStderr(classifyFailure(err.cause, entry.spec.name, undefined, entry.redact), err.stderr, entry);
      }
      if (conn.alive) return conn;
      // Dead (stdio child exited, or marked broken): drop it so the next round restarts the server.
      if (entry.conn === pending) entry.conn = undefined;
      void conn.close();
    }
    throw new McpCallError('connection', entry.spec.name, 'connection closed right after it was opened');
  }

  /** Runs `fn` on a live connection; on connection loss, reconnects (restarting a stdio server) and runs it once more. */
  async function withConnection<T>(entry: Entry, signal: AbortSignal | undefined, fn: (c: McpConnection) => Promise<T>): Promise<T> {
    entry.inflight++;
    clearTimeout(entry.idleTimer);
    try {
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw cancelledError(entry.spec.name, signal);
        const conn = await acquire(entry);
        try {
          return await fn(conn);
        } catch (err) {
          const failure = classifyFailure(err, entry.spec.name, signal, entry.redact);
          if (failure.kind !== 'connection') throw failure;
          conn.markBroken();
          if (attempt >= 2) throw withStderr(failure, conn.stderr, entry);
        }
      }
    } finally {
      entry.inflight--;
      if (entry.inflight === 0) scheduleIdleClose(entry);
    }
  }

  function scheduleIdleClose(entry: Entry) {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (entry.inflight > 0) return;
      // The entry goes too (its tool list and checks with it): specs are tenant-supplied, so a pool
      // that kept every one it ever saw would grow without bound.
      if (entries.get(entry.key) === entry) entries.delete(entry.key);
      const conn = entry.conn;
      entry.conn = undefined;
      void conn?.then((c) => c.close()).catch(() => undefined);
    }, cfg.idleTimeoutMs);
    entry.idleTimer.unref();
  }

  async function loadTools(entry: Entry, fresh: boolean): Promise<CachedTools> {
    if (!fresh && entry.tools && Date.now() - entry.tools.at < cfg.listToolsTtlMs) return entry.tools;
    if (entry.toolsLoading) return entry.toolsLoading;
    const loading = withConnection(entry, undefined, async (conn) => {
      const tools: ToolDescriptor[] = [];
      let cursor: string | undefined;
      do {
        const page = await conn.client.listTools(cursor ? { cursor } : undefined, { timeout: cfg.callTimeoutMs });
        for (const t of page.tools) tools.push(toToolDescriptor(entry.spec.name, t));
        cursor = page.nextCursor;
      } while (cursor);
      return { at: Date.now(), tools, checks: new Map<string, ArgsCheck>() };
    });
    entry.toolsLoading = loading;
    try {
      entry.tools = await loading;
      return entry.tools;
    } finally {
      entry.toolsLoading = undefined;
    }
  }

  async function argsCheckFor(entry: Entry, tool: string): Promise<ArgsCheck | undefined> {
    let cached = await loadTools(entry, false);
    let descriptor = cached.tools.find((t) => t.name === tool);
    if (!descriptor) {
      cached = await loadTools(entry, true); // the server may have gained the tool since we cached its list
      descriptor = cached.tools.find((t) => t.name === tool);
    }
    if (!descriptor) return undefined;
    let check = cached.checks.get(tool);
    if (!check) {
      check = compileArgsCheck(tool, descriptor.inputSchema);
      cached.checks.set(tool, check);
    }
    return check;
  }

  return {
    async listTools(spec) {
      const entry = entryFor(spec);
      return (await loadTools(entry, false)).tools;
    },

    async callTool(spec, tool, args, opts) {
      const entry = entryFor(spec);
      const server = entry.spec.name;
      try {
        if (!opts?.idempotencyKey) throw new McpCallError('config', server, 'callTool needs an idempotencyKey');
        const check = await argsCheckFor(entry, tool);
        if (!check) {
          telemetry.call(server, tool, 'unknown_tool');
          return toolError(`Unknown tool "${tool}" on MCP server "${server}".`);
        }
        const problem = check(args);
        if (problem) {
          telemetry.call(server, tool, 'invalid_arguments');
          return toolError(problem);
        }
        const timeout = opts.timeoutMs ?? cfg.callTimeoutMs;
        const started = performance.now();
        const raw = await withConnection(entry, opts.signal, (conn) =>
          conn.client.callTool(
            { name: tool, arguments: args ?? {}, _meta: { [IDEMPOTENCY_META_KEY]: opts.idempotencyKey } },
            undefined,
            { signal: opts.signal, timeout },
          ),
        );
        telemetry.duration(server, entry.spec.transport, (performance.now() - started) / 1000);
        const result = toToolCallResult(raw);
        telemetry.call(server, tool, result.isError ? 'tool_error' : 'ok');
        return result;
      } catch (err) {
        telemetry.call(server, tool, err instanceof McpCallError ? err.kind : 'protocol');
        throw err;
      }
    },

    async close() {
      closed = true;
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(
        all.map(async (e) => {
          clearTimeout(e.idleTimer);
          const conn = await e.conn?.catch(() => undefined);
          await conn?.close();
        }),
      );
    },
  };
}

function withStderr(failure: McpCallError, stderr: string, entry: Entry): McpCallError {
  const tail = stderr.trim();
  if (!tail || failure.kind !== 'connection') return failure;
  return new McpCallError(failure.kind, entry.spec.name, `${failure.message.replace(/^mcp server "[^"]*": /, '')}; server stderr: ${entry.redact(tail.slice(-500))}`);
}
