// One live MCP client session to one server (a child process for stdio, a session for HTTP).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createGuardedAgent } from '../net';
import { createConnectionFetch, type ConnectionFetch } from './http-fetch';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ResolvedSpec } from './secrets';

const STDERR_TAIL_BYTES = 2048;

/** Opening failed; carries what a stdio server wrote to stderr before it died (unredacted). */
export class ConnectFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly stderr: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export class McpConnection {
  private gone = false;
  private stderrTail = '';

  private constructor(
    readonly client: Client,
    private readonly transport: StdioClientTransport | StreamableHTTPClientTransport,
    private readonly http?: ConnectionFetch,
  ) {}

  static async open(resolved: ResolvedSpec, opts: { connectTimeoutMs: number; clientVersion: string; onToolsChanged?: () => void }): Promise<McpConnection> {
    // HTTP: a dispatcher per connection; for public egress, one that refuses internal addresses.
    const http = resolved.transport === 'http' ? createConnectionFetch(resolved.egress === 'public' ? createGuardedAgent() : undefined) : undefined;
    const transport =
      resolved.transport === 'stdio'
        ? new StdioClientTransport({
            command: resolved.command,
            args: resolved.args,
            env: { ...getDefaultEnvironment(), ...resolved.env },
            cwd: resolved.cwd,
            stderr: 'pipe',
          })
        : new StreamableHTTPClientTransport(resolved.url, { requestInit: { headers: resolved.headers }, fetch: http!.fetch });
    const client = new Client({ name: 'keel', version: opts.clientVersion }, { capabilities: {} });
    const conn = new McpConnection(client, transport, http);
    if (transport instanceof StdioClientTransport) {
      // Drain the child's stderr (an undrained pipe would block it) and keep its tail for diagnostics.
      transport.stderr?.on('data', (chunk: Buffer) => {
        conn.stderrTail = (conn.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      });
    }
    client.onclose = () => {
      conn.gone = true;
    };
    if (opts.onToolsChanged) {
      const changed = opts.onToolsChanged;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => changed());
    }
    try {
      await client.connect(transport, { timeout: opts.connectTimeoutMs });
    } catch (err) {
      conn.gone = true;
      await transport.close().catch(() => undefined);
      await http?.close();
      throw new ConnectFailure(err, conn.stderrTail);
    }
    return conn;
  }

  /** False once the transport closed (stdio child exited) or the pool marked it broken. */
  get alive(): boolean {
    return !this.gone;
  }

  get pid(): number | null {
    return this.transport instanceof StdioClientTransport ? this.transport.pid : null;
  }

  /** Last lines the stdio server wrote to stderr (unredacted: the caller redacts). */
  get stderr(): string {
    return this.stderrTail;
  }

  markBroken(): void {
    this.gone = true;
  }

  async close(): Promise<void> {
    this.gone = true;
    if (this.transport instanceof StreamableHTTPClientTransport) {
      // Tell the server to drop the session; a dead or hung server must not hold up closing.
      await Promise.race([this.transport.terminateSession().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
    }
    await this.client.close().catch(() => undefined);
    await this.http?.close();
  }
}
