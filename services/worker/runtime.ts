// Builds what activities need from the configuration: store, model router, MCP pool, tool servers.
import { openStore, type Store } from '../store';
import { createRouter } from '../router';
import type { ModelRouter } from '../router/types';
import { createMcpPool, type McpPool, type McpServerSpec } from '../mcp';
import { resolveDataPath, type LoadedConfig } from '../config';
import type { ToolServerResolver } from '../../activities';

export interface Runtime {
  store: Store;
  router: ModelRouter;
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  close(): Promise<void>;
}

export async function buildRuntime(loaded: LoadedConfig, overrides: Partial<Pick<Runtime, 'router' | 'store'>> = {}): Promise<Runtime> {
  const { config } = loaded;
  const store = overrides.store ?? (await openStore(config.store.url, resolveDataPath(loaded)));
  const router = overrides.router ?? createRouter(config.router);
  const mcp = createMcpPool();
  const resolveServer: ToolServerResolver = async (_tenantId, name) => {
    const ref = config.mcpServers[name];
    return ref ? ({ ...ref, name } as McpServerSpec) : undefined;
  };
  return {
    store,
    router,
    mcp,
    resolveServer,
    async close() {
      await mcp.close();
      await router.close();
      if (!overrides.store) await store.close();
    },
  };
}
