// Search a collection, list and delete its documents (always inside the caller's tenant).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors';
import { CollectionNameSchema, type VectorStore } from '../../vector';
import { RetrievalRequestSchema, type Retriever } from '../../retrieval';

const CollectionParams = z.object({ name: CollectionNameSchema });
const DocumentParams = CollectionParams.extend({ documentId: z.string().min(1).max(2000) });
const SearchBody = RetrievalRequestSchema.omit({ collection: true }).extend({ limit: z.number().int().positive().max(100).default(10) });

export const collectionRoutes: FastifyPluginAsyncZod<{ retriever: Retriever; store: VectorStore }> = async (app, { retriever, store }) => {
  app.post('/collections/:name/search', {
    config: { scope: 'read' },
    schema: { summary: 'Search a collection (lexical, dense or hybrid; optional rewrite and rerank)', tags: ['collections'], params: CollectionParams, body: SearchBody },
  }, async (request) => retriever.search(request.tenant.id, { ...request.body, collection: request.params.name }));

  app.get('/collections', { config: { scope: 'read' }, schema: { summary: "The collections holding the tenant's documents", tags: ['collections'] } }, async (request) => ({
    collections: (await store.listCollections(request.tenant.id)).map((c) => ({ name: c.name, denseDimension: c.denseDimension ?? null, chunks: c.points })),
  }));

  app.get('/collections/:name/documents', {
    config: { scope: 'read' },
    schema: { summary: "The tenant's documents in a collection, with content hashes", tags: ['collections'], params: CollectionParams },
  }, async (request) => ({ documents: await store.listDocuments(request.tenant.id, request.params.name) }));

  app.delete('/collections/:name/documents/:documentId', {
    config: { scope: 'ingest' },
    schema: { summary: 'Delete a document (all its chunks)', tags: ['collections'], params: DocumentParams },
  }, async (request, reply) => {
    const removed = await store.deleteDocument(request.tenant.id, request.params.name, request.params.documentId);
    if (removed === 0) throw notFound(`document ${request.params.documentId}`);
    return reply.status(204).send();
  });
};
