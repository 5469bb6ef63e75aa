// Built-in MCP servers that run inside the worker, one instance per tenant, reached over the
// SDK's in-memory transport: still MCP end to end, with the tenant fixed when the server is made.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { IDEMPOTENCY_META_KEY, type ToolCallResult, type ToolDescriptor } from './types';
import { toToolCallResult, toToolDescriptor } from './results';
import { compileArgsCheck } from './validate-args';

export type InProcessServerFactory = (tenantId: string) => McpServer;

export interface InProcessServers {
  has(name: string): boolean;
  listTools(name: string, tenantId: string): Promise<ToolDescriptor[]>;
  callTool(name: string, tenantId: string, tool: string, args: Record<string, unknown>, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ToolCallResult>;
  close(): Promise<void>;
}

export function inProcessServers(factories: Record<string, InProcessServerFactory>): InProcessServers {
  const clients = new Map<string, Promise<Client>>();

  function clientFor(name: string, tenantId: string): Promise<Client> {
    const key = `${name}\u0000${tenantId}`;
    let client = clients.get(key);
    if (!client) {
      client = (async () => {
        const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
        await factories[name](tenantId).connect(serverSide);
        const c = new Client({ name: 'keel-worker', version: '1.0.0' });
        await c.connect(clientSide);
        return c;
      })();
      client.catch(() => clients.delete(key));
      clients.set(key, client);
    }
    return client;
  }

  return {
    has: (name) => Object.hasOwn(factories, name),

    async listTools(name, tenantId) {
      const { tools } = await (await clientFor(name, tenantId)).listTools();
      return tools.map((t) => toToolDescriptor(name, t as Parameters<typeof toToolDescriptor>[1]));
    },

    async callTool(name, tenantId, tool, args, opts) {
      const client = await clientFor(name, tenantId);
      const { tools } = await client.listTools();
      const found = tools.find((t) => t.name === tool);
      if (!found) return { content: `Unknown tool "${tool}" on server "${name}".`, isError: true };
      const invalid = compileArgsCheck(tool, found.inputSchema as Record<string, unknown>)(args);
      if (invalid) return { content: invalid, isError: true };
      const raw = await client.callTool(
        { name: tool, arguments: args, _meta: { [IDEMPOTENCY_META_KEY]: opts.idempotencyKey } },
        undefined,
        { signal: opts.signal },
      );
      return toToolCallResult(raw as Parameters<typeof toToolCallResult>[0]);
    },

    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()));
    },
  };
}
