// Standalone `knowledge` MCP server over the platform's stores (lexical search; the API-served
// variant at /mcp/knowledge uses the platform retriever with embeddings and reranking).
//   KEEL_API_KEY=keel_… node --import tsx mcp-servers/knowledge/server.ts --stdio
//   node --import tsx mcp-servers/knowledge/server.ts --http --port N     (Bearer <api key> per request)
// Reads keel.yaml (KEEL_CONFIG) for the SQL store; the embedded vector store is KEEL_VECTOR_DIR
// or <dataDir>/vector. The tenant is always the API key's.
import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { loadConfig, resolveDataPath } from '../../services/config';
import { openStore } from '../../services/store';
import { createVectorStore } from '../../services/vector';
import { createRetriever } from '../../services/retrieval';
import { grants } from '../../services/keys';
import { runMcpServer } from '../shared/serve';
import { createKnowledgeMcpServer } from './tools';

async function main() {
  const loaded = loadConfig();
  const store = await openStore(loaded.config.store.url, resolveDataPath(loaded));
  const vectors = createVectorStore({ dataDir: process.env.KEEL_VECTOR_DIR ?? resolveDataPath(loaded, 'vector') });
  const deps = { store: vectors, retriever: createRetriever({ store: vectors }) };

  // Searching needs the key's `read` scope, as at /mcp/knowledge.
  const tenantOfKey = async (key: string | undefined) => {
    const found = key ? await store.tenants.authenticate(key) : undefined;
    return found && grants(found.scopes, 'read') ? found.tenantId : null;
  };
  const http = process.argv.includes('--http');
  const envTenant = http ? null : await tenantOfKey(process.env.KEEL_API_KEY);
  if (!http && !envTenant) throw new Error('set KEEL_API_KEY to a valid Keel API key with the read scope (its tenant is the one searched)');

  await runMcpServer(
    (auth?: AuthInfo) => createKnowledgeMcpServer(deps, (auth?.clientId as string | undefined) ?? envTenant!),
    process.argv.slice(2),
    {
      authenticate: async (req: IncomingMessage) => {
        const key = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const tenantId = await tenantOfKey(key);
        return tenantId ? { token: key!, clientId: tenantId, scopes: [] } : null;
      },
    },
  );
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`keel knowledge MCP server: ${err?.message ?? err}\n`);
    process.exit(1);
  });
}
