// Standalone `platform` MCP server over the Keel HTTP API (tenant = the API key's tenant).
//   KEEL_URL=http://127.0.0.1:8080 KEEL_API_KEY=keel_… node --import tsx mcp-servers/platform/server.ts --stdio | --http --port N
// The API also serves these tools itself at /mcp (see ./fastify.ts).
import { runMcpServer } from '../shared/serve';
import { IdempotentResults } from '../shared/idempotency';
import { httpBackend } from './backend';
import { createPlatformMcpServer } from './tools';

if (require.main === module) {
  const url = process.env.KEEL_URL;
  const key = process.env.KEEL_API_KEY;
  if (!url || !key) {
    process.stderr.write('keel platform MCP server: set KEEL_URL and KEEL_API_KEY\n');
    process.exit(2);
  }
  const backend = httpBackend(url, key);
  const results = new IdempotentResults();
  runMcpServer(() => createPlatformMcpServer(backend, results)).catch((err) => {
    process.stderr.write(`keel platform MCP server: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
