// HTTP: search a collection, list and delete its documents (always inside the caller's tenant).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, notFound } from '../api/errors';
import { CollectionMismatchError, CollectionNotFoundError, CollectionNameSchema, type VectorStore } from '../vector';
import { RetrievalUnavailableError, type Retriever } from './retriever';
import { RetrievalRequestSchema } from './types';

const CollectionParams = z.object({ name: CollectionNameSchema });
const DocumentParams = CollectionParams.extend({ documentId: z.string().min(1).max(2000) });
const SearchBody = RetrievalRequestSchema.omit({ collection: true }).extend({ limit: z.number().int().positive().max(100).default(10) });

function mapError(error: unknown): never {
  if (error instanceof CollectionNotFoundError) throw notFound(`collection ${error.collection}`);
  if (error instanceof RetrievalUnavailableError) throw new ApiError(400, 'retrieval_unavailable', error.message);
  if (error instanceof CollectionMismatchError) throw new ApiError(409, 'collection_mismatch', error.message);
  throw error;
}

export const retrievalRoutes: FastifyPluginAsyncZod<{ retriever: Retriever; store: VectorStore }> = async (app, { retriever, store }) => {
  app.post('/v1/collections/:name/search', {
    schema: { summary: 'Search a collection (lexical, dense or hybrid; optional rewrite and rerank)', tags: ['collections'], params: CollectionParams, body: SearchBody },
  }, async (request) => {
    try {
      return await retriever.search(request.tenant.id, { ...request.body, collection: request.params.name });
    } catch (error) {
      mapError(error);
    }
  });

  app.get('/v1/collections', { schema: { summary: 'Collections (names are shared, contents are per tenant)', tags: ['collections'] } }, async () => ({
    collections: (await store.listCollections()).map((c) => ({ name: c.name, denseDimension: c.denseDimension ?? null })),
  }));

  app.get('/v1/collections/:name/documents', {
    schema: { summary: "The tenant's documents in a collection, with content hashes", tags: ['collections'], params: CollectionParams },
  }, async (request) => {
    try {
      return { documents: await store.listDocuments(request.tenant.id, request.params.name) };
    } catch (error) {
      mapError(error);
    }
  });

  app.delete('/v1/collections/:name/documents/:documentId', {
    schema: { summary: 'Delete a document (all its chunks)', tags: ['collections'], params: DocumentParams },
  }, async (request, reply) => {
    try {
      const removed = await store.deleteDocument(request.tenant.id, request.params.name, request.params.documentId);
      if (removed === 0) throw notFound(`document ${request.params.documentId}`);
      return reply.status(204).send();
    } catch (error) {
      mapError(error);
    }
  });
};
