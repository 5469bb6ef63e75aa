// MCP server `http`: fetch a URL as readable text, through the SSRF-safe fetcher.
//   node --import tsx mcp-servers/http/server.ts --stdio | --http --port N
// Env: KEEL_HTTP_ALLOW_HOSTS (comma-separated host globs; empty = any public host),
//      KEEL_HTTP_ALLOW_CIDRS (address ranges allowed despite the private-address block; tests only),
//      KEEL_HTTP_MAX_BYTES, KEEL_HTTP_TIMEOUT_MS, KEEL_HTTP_MAX_CHARS.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { safeFetch, SafeFetchError, SAFE_FETCH_DEFAULTS } from '../../services/net';
import { runMcpServer } from '../shared/serve';
import { IdempotentResults, idempotencyKeyOf } from '../shared/idempotency';
import { readableText } from './readable';

export const HttpFetchConfig = z.object({
  allowHosts: z.array(z.string()).default([]),
  allowCidrs: z.array(z.string()).default([]),
  maxBytes: z.number().int().positive().default(SAFE_FETCH_DEFAULTS.maxBytes),
  timeoutMs: z.number().int().positive().default(SAFE_FETCH_DEFAULTS.timeoutMs),
  maxChars: z.number().int().positive().default(20_000),
});
export type HttpFetchConfig = z.infer<typeof HttpFetchConfig>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HttpFetchConfig {
  const list = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const num = (v?: string) => (v ? Number(v) : undefined);
  return HttpFetchConfig.parse({
    allowHosts: list(env.KEEL_HTTP_ALLOW_HOSTS),
    allowCidrs: list(env.KEEL_HTTP_ALLOW_CIDRS),
    maxBytes: num(env.KEEL_HTTP_MAX_BYTES),
    timeoutMs: num(env.KEEL_HTTP_TIMEOUT_MS),
    maxChars: num(env.KEEL_HTTP_MAX_CHARS),
  });
}

const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

export function createHttpFetchServer(config: HttpFetchConfig = configFromEnv()): () => McpServer {
  // Shared by every session: a retried call gets the page it got the first time.
  const results = new IdempotentResults();
  return () => {
    const server = new McpServer({ name: 'keel-http', version: '1.0.0' });
    server.registerTool(
      'fetch_url',
      {
        title: 'Fetch a web page',
        description:
          'Fetches an http(s) URL and returns its readable text (HTML main content, PDF, DOCX, Markdown, plain text or JSON). ' +
          'Private, loopback and cloud-metadata addresses are refused.',
        inputSchema: {
          url: z.string().url().describe('http or https URL'),
          max_chars: z.number().int().min(100).max(200_000).optional().describe('cut the text after this many characters'),
        },
        annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
      },
      async ({ url, max_chars }, extra) =>
        results.run(idempotencyKeyOf(extra), async () => {
          try {
            const res = await safeFetch(url, { allowHosts: config.allowHosts, allowCidrs: config.allowCidrs, maxBytes: config.maxBytes, timeoutMs: config.timeoutMs, signal: extra.signal });
            if (res.status >= 400) return toolError(`GET ${res.url} answered HTTP ${res.status}`);
            const { title, text } = await readableText(res.url, res.body, res.contentType);
            const limit = Math.min(max_chars ?? config.maxChars, config.maxChars);
            const cut = text.length > limit;
            const notes = [res.truncated ? `body cut at ${config.maxBytes} bytes` : '', cut ? `text cut at ${limit} characters` : ''].filter(Boolean);
            const header = `# ${title}\nURL: ${res.url}${notes.length ? `\n(${notes.join('; ')})` : ''}\n\n`;
            return {
              content: [{ type: 'text', text: header + (cut ? text.slice(0, limit) : text) }],
              structuredContent: { url: res.url, status: res.status, contentType: res.contentType, title, truncated: res.truncated || cut },
            };
          } catch (err) {
            if (err instanceof SafeFetchError) return toolError(`cannot fetch ${url}: ${err.message} (${err.code})`);
            return toolError(`cannot fetch ${url}: ${(err as Error).message}`);
          }
        }),
    );
    return server;
  };
}

if (require.main === module) {
  runMcpServer(createHttpFetchServer()).catch((err) => {
    process.stderr.write(`keel-http MCP server: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
