// Search a collection, list and delete its documents (always inside the caller's tenant).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors';
import { CollectionNameSchema, SearchModeSchema, type VectorStore } from '../../vector';
import { RetrievalRequestSchema, type Retriever } from '../../retrieval';

const CollectionParams = z.object({ name: CollectionNameSchema });
const DocumentParams = CollectionParams.extend({ documentId: z.string().min(1).max(2000) });
const RetrievedChunk = z.object({
  id: z.string(),
  score: z.number().describe("Final score: the reranker's when reranked, else the store's (BM25, cosine or RRF)"),
  retrievalScore: z.number(),
  rerankScore: z.number().optional(),
  documentId: z.string(),
  chunkIndex: z.number().int(),
  text: z.string(),
  sourceUri: z.string(),
  title: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().optional(),
  modifiedAt: z.string().optional(),
});
const SearchResult = z.object({
  mode: SearchModeSchema,
  query: z.string(),
  rewrittenQuery: z.string().optional(),
  reranked: z.boolean(),
  rerankFailure: z.object({ reason: z.string() }).optional(),
  degraded: z.object({ from: SearchModeSchema, reason: z.string() }).optional().describe('The search ran in a lesser mode than asked'),
  chunks: z.array(RetrievedChunk),
});
const CollectionList = z.object({ collections: z.array(z.object({ name: z.string(), denseDimension: z.number().int().nullable(), chunks: z.number().int() })) });
const DocumentList = z.object({
  documents: z.array(z.object({ documentId: z.string(), contentHash: z.string(), chunks: z.number().int(), sourceKey: z.string().optional() })),
});
const SearchBody = RetrievalRequestSchema.omit({ collection: true }).extend({ limit: z.number().int().positive().max(100).default(10) });

export const collectionRoutes: FastifyPluginAsyncZod<{ retriever: Retriever; store: VectorStore }> = async (app, { retriever, store }) => {
  app.post('/collections/:name/search', {
    config: { scope: 'read' },
    schema: {
      operationId: 'searchCollection',
      summary: 'Search a collection (lexical, dense or hybrid; optional rewrite and rerank)',
      tags: ['collections'],
      params: CollectionParams,
      body: SearchBody,
      response: { 200: SearchResult },
    },
  }, async (request) => retriever.search(request.tenant.id, { ...request.body, collection: request.params.name }));

  app.get('/collections', { config: { scope: 'read' }, schema: { operationId: 'listCollections', summary: "The collections holding the tenant's documents", tags: ['collections'], response: { 200: CollectionList } } }, async (request) => ({
    collections: (await store.listCollections(request.tenant.id)).map((c) => ({ name: c.name, denseDimension: c.denseDimension ?? null, chunks: c.points })),
  }));

  app.get('/collections/:name/documents', {
    config: { scope: 'read' },
    schema: {
      operationId: 'listCollectionDocuments', summary: "The tenant's documents in a collection, with content hashes", tags: ['collections'], params: CollectionParams, response: { 200: DocumentList },
    },
  }, async (request) => ({ documents: await store.listDocuments(request.tenant.id, request.params.name) }));

  app.delete('/collections/:name/documents/:documentId', {
    config: { scope: 'ingest' },
    schema: {
      operationId: 'deleteCollectionDocument', summary: 'Delete a document (all its chunks)', tags: ['collections'], params: DocumentParams, response: { 204: z.undefined().describe('Deleted') },
    },
  }, async (request, reply) => {
    const removed = await store.deleteDocument(request.tenant.id, request.params.name, request.params.documentId);
    if (removed === 0) throw notFound(`document ${request.params.documentId}`);
    return reply.status(204).send();
  });
};
