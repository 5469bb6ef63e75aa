// Builds what activities need from the configuration: store, model router, MCP pool, tool servers.
import { openStore, type Store } from '../store';
import { createRouter } from '../router';
import type { ModelRouter } from '../router/types';
import { createMcpPool, inProcessServers, toolServerRegistry, toolServerResolver, type InProcessServers, type McpPool, type ToolServerRegistry } from '../mcp';
import { createKnowledgeMcpServer } from '../../mcp-servers/knowledge/tools';
import { resolveDataPath, type LoadedConfig } from '../config';
import type { ReplayTraceReader, ToolServerResolver } from '../../activities';
import { createTraceRecorder, readTrace, type TraceRecorder, type TracingHooks } from '../tracing';
import { auditLog, type AuditLog } from '../audit';
import { createVectorStore, type VectorStore } from '../vector';
import { createS3Client, type SourceAccess } from '../ingest';
import { CachedBlobStore, LocalBlobStore, S3BlobStore, type BlobStore } from '../blobs';
import { createRetriever, type Retriever } from '../retrieval';
import { resolve } from 'node:path';
import { loadSecretsKey, secretCipher, tenantSecrets, type TenantSecrets } from '../secrets';
import { createStreamBus, type StreamBus } from '../bus';
import { AesGcmPayloadCodec, loadPayloadKeyRing } from '../temporal';
import { usageMetrics, usageRecorder, type UsageRecorder } from '../usage';

/** Names of the MCP servers built into the worker; tenants cannot register these. */
export const BUILTIN_SERVERS = ['knowledge'] as const;

export interface Runtime {
  store: Store;
  router: ModelRouter;
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  /** Each tenant's secrets (encrypted at rest): what its MCP servers and S3 sources reference. */
  secrets: TenantSecrets;
  /** What ingestion sources are told: Keel's own paths (never read) and the tenants' secrets. */
  sourceAccess: Omit<SourceAccess, 'tenantId'>;
  /** MCP servers tenants registered themselves. */
  toolServers: ToolServerRegistry;
  /** Built into the worker: `knowledge` (search and fetch over the run's tenant's collections). */
  builtinServers: InProcessServers;
  recorder: TraceRecorder;
  audit: AuditLog;
  vectors: VectorStore;
  blobs: BlobStore;
  retriever: Retriever;
  /** What the worker's tracing interceptor records every run with. */
  tracingHooks: TracingHooks;
  /** Reads a run's trace (the recorder's local store, or Langfuse): what replay runs serve results from. */
  readTrace: ReplayTraceReader;
  /** Run events and token deltas from workers to the API replicas' subscribers (`bus`). */
  bus: StreamBus;
  /** Records each model call's usage once (its row and the per-tenant metrics): worker activities and the gateway routes. */
  usage: UsageRecorder;
  /** Encrypts every Temporal payload: each client and worker this process builds carries it. */
  payloadCodec: AesGcmPayloadCodec;
  close(): Promise<void>;
}

export async function buildRuntime(loaded: LoadedConfig, overrides: Partial<Pick<Runtime, 'router' | 'store' | 'bus'>> = {}): Promise<Runtime> {
  const { config } = loaded;
  // A malformed key ring stops start-up before anything is opened.
  const payloadCodec = new AesGcmPayloadCodec(loadPayloadKeyRing({ dataDir: resolveDataPath(loaded), configured: config.temporal.payloadKeys }));
  // Then: an unreachable broker stops start-up before anything else is opened.
  const bus = overrides.bus ?? (await createStreamBus(config.bus, {
    name: `keel-${process.pid}`,
    onError: (err, where) => process.stderr.write(`[bus] ${where}: ${err.message}\n`),
  }));
  const store = overrides.store ?? (await openStore(config.store.url, resolveDataPath(loaded)));
  // Tenant request and token limits count in the store, shared with every other API replica and worker.
  const router = overrides.router ?? createRouter(config.router, { usageStore: store.counters });
  const audit = auditLog(store.db);
  const secrets = tenantSecrets({ db: store.db, cipher: secretCipher(loadSecretsKey({ dataDir: resolveDataPath(loaded) })), audit });
  const mcp = createMcpPool({ ...config.mcp, resolveTenantSecret: secrets.reveal });
  const toolServers = toolServerRegistry(store.db, {
    stdioCommands: config.mcp.tenantStdioCommands,
    allowPrivateHttp: config.mcp.tenantPrivateHttp,
    reservedNames: [...Object.keys(config.mcpServers), ...BUILTIN_SERVERS],
  });
  // Platform servers (keel.yaml) first, then the tenant's own.
  const resolveServer: ToolServerResolver = toolServerResolver(config.mcpServers, toolServers);
  const recorder = createTraceRecorder(
    { ...config.tracing, environment: config.tracing.environment === 'default' ? config.environment : config.tracing.environment },
    { dataDir: resolveDataPath(loaded), onError: (err, where) => process.stderr.write(`[trace] ${where}: ${(err as Error).message}\n`) },
  );
  const vectors = createVectorStore(config.vector, resolveDataPath(loaded, 'vector'));
  // One store for ingestion and agent runs; reads go through a per-process cache.
  const blobs = new CachedBlobStore(createBlobStore(loaded), config.agents.blobCacheBytes);
  const retriever = createRetriever({ store: vectors, router, config: config.retrieval });
  const builtinServers = inProcessServers({ knowledge: (tenantId) => createKnowledgeMcpServer({ retriever, store: vectors }, tenantId) });
  return {
    store,
    router,
    mcp,
    secrets,
    sourceAccess: { protectedPaths: ownPaths(loaded), secret: secrets.reveal },
    resolveServer,
    toolServers,
    builtinServers,
    recorder,
    audit,
    vectors,
    blobs,
    retriever,
    tracingHooks: { recorder, audit, environment: config.environment, lookupRun: (tenantId, runId) => store.runs.get(tenantId, runId) },
    bus,
    usage: usageRecorder({ usage: store.usage, metrics: usageMetrics(config.usage.metrics) }),
    payloadCodec,
    readTrace: (traceId, from) => readTrace(traceId, { from, config: config.tracing, store: recorder.localStore, dataDir: resolveDataPath(loaded) }),
    async close() {
      await recorder.shutdown();
      await vectors.close();
      await mcp.close();
      await builtinServers.close();
      await router.close();
      if (!overrides.bus) await bus.close();
      if (!overrides.store) await store.close();
    },
  };
}

/** Keel's own files, which no directory source may read: the data dir (store, keys, credentials), the config file, local blobs. */
function ownPaths(loaded: LoadedConfig): string[] {
  const blobs = loaded.config.ingest.blobs;
  return [
    resolveDataPath(loaded),
    resolve(loaded.baseDir, 'keel.yaml'),
    ...(loaded.file ? [resolve(loaded.file)] : []),
    ...(blobs.backend === 'local' && blobs.dir ? [resolve(loaded.baseDir, blobs.dir)] : []),
  ];
}

function createBlobStore(loaded: LoadedConfig): BlobStore {
  const b = loaded.config.ingest.blobs;
  if (b.backend === 's3') {
    if (!b.bucket) throw new Error('ingest.blobs.backend is s3 but ingest.blobs.bucket is not set');
    const access = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey };
    return new S3BlobStore(createS3Client({ region: b.region, endpoint: b.endpoint, access }), b.bucket, b.prefix);
  }
  return new LocalBlobStore(b.dir ? resolve(loaded.baseDir, b.dir) : resolveDataPath(loaded, 'blobs'));
}
