// Runs an MCP server over stdio (`--stdio`, the default) or Streamable HTTP (`--http --port N`).
// Over HTTP every session gets its own McpServer from `createServer`; the URL is printed on stdout.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { NodeStreamableHttpTransport } from './http-transport';
import { McpSessions } from './sessions';

export interface ServeArgs {
  transport: 'stdio' | 'http';
  port: number;
  host: string;
}

export function parseServeArgs(argv: string[] = process.argv.slice(2)): ServeArgs {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(flag('--port') ?? process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${flag('--port')}`);
  return { transport: argv.includes('--http') ? 'http' : 'stdio', port, host: flag('--host') ?? '127.0.0.1' };
}

export interface HttpMcpOptions {
  port?: number;
  host?: string;
  path?: string;
  /** Return auth info for the request, or null to answer 401. Runs before any MCP handling. */
  authenticate?: (req: IncomingMessage) => Promise<AuthInfo | null> | AuthInfo | null;
  /** A session with nothing open for this long is closed (default 30 minutes). */
  sessionIdleMs?: number;
}

export interface RunningHttpMcp {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves Streamable HTTP with one stateful session (and one McpServer) per MCP client. */
export async function serveHttp(createServer: (auth?: AuthInfo) => McpServer | Promise<McpServer>, opts: HttpMcpOptions = {}): Promise<RunningHttpMcp> {
  const path = opts.path ?? '/mcp';
  // Each session remembers who opened it: another caller's credentials cannot use it.
  const sessions = new McpSessions<string | undefined>(opts.sessionIdleMs);

  const handle = async (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== path) return sendJson(res, 404, { error: 'not found' });
    if (opts.authenticate) {
      const auth = await opts.authenticate(req);
      if (!auth) return sendJson(res, 401, { jsonrpc: '2.0', error: { code: -32001, message: 'unauthorized' }, id: null });
      req.auth = auth;
    }
    const sessionId = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const owner = req.auth?.clientId;
    let transport = typeof sessionId === 'string' ? sessions.find(sessionId, owner) : undefined;
    if (transport) {
      sessions.track(transport, res);
    } else {
      if (sessionId !== undefined) return sendJson(res, 404, { jsonrpc: '2.0', error: { code: -32001, message: 'session not found' }, id: null });
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        return sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32000, message: 'no session: send initialize first' }, id: null });
      }
      const created: NodeStreamableHttpTransport = new NodeStreamableHttpTransport((id) => sessions.add(id, created, owner));
      await (await createServer(req.auth)).connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, body, req.auth);
  };

  const server = createHttpServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, err instanceof SyntaxError ? 400 : 500, { jsonrpc: '2.0', error: { code: -32700, message: String(err?.message ?? err) }, id: null });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}${path}`;
  return {
    url,
    server,
    async close() {
      await sessions.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Entry point for a shipped server: picks the transport from argv and stays up until stdin/SIGTERM
 * ends it. Over HTTP, `authenticate` (when given) checks every request; over stdio the server
 * gets no auth info (the process environment is its credential).
 */
export async function runMcpServer(
  createServer: (auth?: AuthInfo) => McpServer | Promise<McpServer>,
  argv: string[] = process.argv.slice(2),
  opts: Pick<HttpMcpOptions, 'authenticate'> = {},
): Promise<void> {
  const args = parseServeArgs(argv);
  if (args.transport === 'stdio') {
    await (await createServer()).connect(new StdioServerTransport());
    return;
  }
  const running = await serveHttp(createServer, { port: args.port, host: args.host, authenticate: opts.authenticate });
  process.stdout.write(`${running.url}\n`);
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // already refused; the rest is drained unread
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return reject(new SyntaxError('request body too large'));
      chunks.push(chunk);
    });
    req.once('error', reject);
    req.once('end', () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : undefined);
      } catch (err) {
        reject(err);
      }
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
