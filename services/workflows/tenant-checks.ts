// What registration asks about the tenant (`TenantChecks`), answered from the platform's own
// sources: the versioned definitions (agents, workflows), the router's logical models, the
// tenant's collections and the MCP servers it may use (built-in, keel.yaml, its own). Each answer
// comes within a time bound; a source that fails or is slow is named in the error, never a 500.
import type { Store } from '../store';
import type { InProcessServers, McpPool, McpServerSpec } from '../mcp';
import type { TenantAnswer, TenantChecks } from './validate';

/** How long one question may take (an MCP server's tool listing may start a process). */
export const TENANT_CHECK_TIMEOUT_MS = 20_000;

export interface TenantCheckSources {
  definitions: Pick<Store['definitions'], 'version'>;
  /** The router's logical model names. */
  models: () => string[];
  /** The names of the collections holding the tenant's points. */
  collections: (tenantId: string) => Promise<string[]>;
  /** Built into the worker (`knowledge`): listed in-process for the tenant. */
  builtinServers?: Pick<InProcessServers, 'has' | 'listTools'>;
  /** keel.yaml's servers first, then the tenant's own; undefined when the tenant has no such server. */
  resolveServer: (tenantId: string, name: string) => Promise<McpServerSpec | undefined>;
  pool: Pick<McpPool, 'listTools'>;
  timeoutMs?: number;
}

class CheckTimeout extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);

/**
 * The checks for one tenant's registration. Lists (collections, a server's tools) are fetched once
 * per registration however many steps name them.
 */
export function tenantChecks(sources: TenantCheckSources, tenantId: string): TenantChecks {
  const timeoutMs = sources.timeoutMs ?? TENANT_CHECK_TIMEOUT_MS;
  const bounded = async (what: string, work: () => Promise<TenantAnswer>): Promise<TenantAnswer> => {
    try {
      return await within(timeoutMs, work());
    } catch (err) {
      if (err instanceof CheckTimeout) return `${what} did not answer within ${seconds(timeoutMs)}`;
      return `${what} could not be checked: ${reason(err)}`;
    }
  };
  let collections: Promise<Set<string>> | undefined;
  const serverTools = new Map<string, Promise<{ tools: Set<string> } | { missing: true }>>();

  function toolsOf(server: string) {
    let listing = serverTools.get(server);
    if (!listing) {
      listing = (async () => {
        if (sources.builtinServers?.has(server)) return { tools: new Set((await sources.builtinServers.listTools(server, tenantId)).map((t) => t.name)) };
        const spec = await sources.resolveServer(tenantId, server);
        if (!spec) return { missing: true as const };
        return { tools: new Set((await sources.pool.listTools(spec)).map((t) => t.name)) };
      })();
      serverTools.set(server, listing);
    }
    return listing;
  }

  const definitionExists = (kind: 'agent' | 'workflow', name: string, version?: number) =>
    bounded(`the ${kind} registry`, async () => (await sources.definitions.version(tenantId, kind, name, version)) !== undefined);

  return {
    model: (name) => sources.models().includes(name),
    collection: (name) =>
      bounded('the vector store', async () => {
        collections ??= sources.collections(tenantId).then((names) => new Set(names));
        return (await collections).has(name);
      }),
    agent: (name, version) => definitionExists('agent', name, version),
    workflow: (name, version) => definitionExists('workflow', name, version),
    tool: (server, tool) =>
      bounded(`MCP server "${server}"`, async () => {
        const listing = await toolsOf(server);
        if ('missing' in listing) return `unknown MCP server "${server}"`;
        return listing.tools.has(tool) || `no tool "${tool}" on MCP server "${server}"`;
      }),
  };
}
