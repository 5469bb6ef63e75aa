// Builds what activities need from the configuration: store, model router, MCP pool, tool servers.
import { openStore, type Store } from '../store';
import { createRouter } from '../router';
import type { ModelRouter } from '../router/types';
import { createMcpPool, type McpPool, type McpServerSpec } from '../mcp';
import { resolveDataPath, type LoadedConfig } from '../config';
import type { ToolServerResolver } from '../../activities';
import { createTraceRecorder, type TraceRecorder, type TracingHooks } from '../tracing';
import { auditLog, type AuditLog } from '../audit';

export interface Runtime {
  store: Store;
  router: ModelRouter;
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  recorder: TraceRecorder;
  audit: AuditLog;
  /** What the worker wraps its activities with so every run is a trace. */
  tracingHooks: TracingHooks;
  close(): Promise<void>;
}

export async function buildRuntime(loaded: LoadedConfig, overrides: Partial<Pick<Runtime, 'router' | 'store'>> = {}): Promise<Runtime> {
  const { config } = loaded;
  const store = overrides.store ?? (await openStore(config.store.url, resolveDataPath(loaded)));
  const router = overrides.router ?? createRouter(config.router);
  const mcp = createMcpPool();
  const recorder = createTraceRecorder(
    { ...config.tracing, environment: config.tracing.environment === 'default' ? config.environment : config.tracing.environment },
    { dataDir: resolveDataPath(loaded), onError: (err, where) => process.stderr.write(`[trace] ${where}: ${(err as Error).message}\n`) },
  );
  const audit = auditLog(store.db);
  const resolveServer: ToolServerResolver = async (_tenantId, name) => {
    const ref = config.mcpServers[name];
    return ref ? ({ ...ref, name } as McpServerSpec) : undefined;
  };
  return {
    store,
    router,
    mcp,
    resolveServer,
    recorder,
    audit,
    tracingHooks: { recorder, audit, environment: config.environment, lookupRun: (tenantId, runId) => store.runs.get(tenantId, runId) },
    async close() {
      await recorder.shutdown();
      await mcp.close();
      await router.close();
      if (!overrides.store) await store.close();
    },
  };
}
