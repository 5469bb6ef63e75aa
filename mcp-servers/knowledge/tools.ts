// MCP server `knowledge`: search and read the tenant's collections. The tenant is fixed when the
// server is created (from the caller's API key); no tool takes a tenant argument.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CollectionNotFoundError, type VectorStore } from '../../services/vector';
import { RetrievalUnavailableError, type Retriever, type RetrievedChunk } from '../../services/retrieval';

export interface KnowledgeDeps {
  retriever: Retriever;
  store: VectorStore;
}

const CollectionName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/);
const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

async function guarded(fn: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CollectionNotFoundError || err instanceof RetrievalUnavailableError) return toolError(err.message);
    throw err;
  }
}

function cite(c: RetrievedChunk, n: number): string {
  const where = [c.title || c.sourceUri, c.headingPath.join(' > '), c.page ? `p. ${c.page}` : ''].filter(Boolean).join(' — ');
  return `[${n}] ${where}\n(document ${c.documentId}, chunk ${c.chunkIndex}, score ${c.score.toFixed(3)})\n${c.text}`;
}

const chunkView = (c: RetrievedChunk) => ({
  document_id: c.documentId,
  chunk_index: c.chunkIndex,
  title: c.title,
  source: c.sourceUri,
  heading_path: c.headingPath,
  page: c.page ?? null,
  score: c.score,
  text: c.text,
});

export function createKnowledgeMcpServer(deps: KnowledgeDeps, tenantId: string): McpServer {
  const server = new McpServer({ name: 'keel-knowledge', version: '1.0.0' });
  // documentId → title from earlier results, so `fetch` can follow `search` without a query.
  const titles = new Map<string, string>();
  const remember = (chunks: RetrievedChunk[]) => chunks.forEach((c) => titles.set(`${c.documentId}`, c.title));

  server.registerTool(
    'list_collections',
    { title: 'List knowledge collections', description: 'Collections holding documents of yours, with their chunk counts.', annotations: { readOnlyHint: true } },
    async () =>
      guarded(async () => {
        const collections = (await deps.store.listCollections(tenantId)).map((c) => ({ name: c.name, chunks: c.points }));
        return { content: [{ type: 'text', text: JSON.stringify({ collections }, null, 2) }], structuredContent: { collections } };
      }),
  );

  server.registerTool(
    'search',
    {
      title: 'Search knowledge',
      description: 'Searches a collection and returns the best passages with numbered citations (title, heading, page, document id).',
      inputSchema: {
        collection: CollectionName,
        query: z.string().min(1).max(4000),
        limit: z.number().int().min(1).max(20).optional().describe('passages to return (default 5)'),
        document_id: z.string().min(1).optional().describe('search inside one document only'),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ collection, query, limit, document_id }) =>
      guarded(async () => {
        const result = await deps.retriever.search(tenantId, { collection, query, limit: limit ?? 5, documentIds: document_id ? [document_id] : undefined });
        remember(result.chunks);
        const text = result.chunks.length ? result.chunks.map((c, i) => cite(c, i + 1)).join('\n\n') : `No passages in "${collection}" match "${query}".`;
        const degraded = { ...(result.degraded ? { degraded: result.degraded } : {}), ...(result.rerankFailure ? { rerankFailure: result.rerankFailure } : {}) };
        return { content: [{ type: 'text', text }], structuredContent: { mode: result.mode, reranked: result.reranked, ...degraded, results: result.chunks.map(chunkView) } };
      }),
  );

  server.registerTool(
    'fetch',
    {
      title: 'Read a document',
      description: "Returns a document's passages in reading order (use a document_id from search; pass query to read only the parts about it).",
      inputSchema: {
        collection: CollectionName,
        document_id: z.string().min(1),
        query: z.string().min(1).max(4000).optional(),
        max_chunks: z.number().int().min(1).max(100).optional().describe('default 30'),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ collection, document_id, query, max_chunks }) =>
      guarded(async () => {
        const [doc] = await deps.store.listDocuments(tenantId, collection, [document_id]);
        if (!doc) return toolError(`No document "${document_id}" in "${collection}".`);
        let title = titles.get(document_id);
        if (title === undefined && query) {
          const probe = await deps.store.search(tenantId, collection, { mode: 'lexical', text: query, limit: 1, documentIds: [document_id] });
          title = probe[0]?.payload.title;
        }
        if (!title && !query) return toolError(`Search "${collection}" first or pass a query: the document's title is not known yet.`);
        // Every chunk's lexical text starts with its document's title, so searching the title inside
        // the document returns all of its chunks; a query narrows them to the parts about it.
        const text = query ? (title ? `${query} ${title}` : query) : title!;
        const hits = await deps.store.search(tenantId, collection, { mode: 'lexical', text, limit: Math.min(doc.chunks, 1000), documentIds: [document_id] });
        const chunks = hits
          .sort((a, b) => (query ? b.score - a.score : 0) || a.payload.chunkIndex - b.payload.chunkIndex)
          .slice(0, max_chunks ?? 30)
          .sort((a, b) => a.payload.chunkIndex - b.payload.chunkIndex);
        const head = chunks[0]?.payload;
        const body = chunks.map((c) => c.payload.text).join('\n\n');
        const note = chunks.length < doc.chunks ? `\n\n(${chunks.length} of ${doc.chunks} passages)` : '';
        return {
          content: [{ type: 'text', text: `# ${head?.title || document_id}\n${head?.sourceUri ?? ''}\n\n${body}${note}` }],
          structuredContent: { document_id, title: head?.title ?? '', source: head?.sourceUri ?? '', chunks: doc.chunks, returned: chunks.length, chunk_indexes: chunks.map((c) => c.payload.chunkIndex) },
        };
      }),
  );

  return server;
}
