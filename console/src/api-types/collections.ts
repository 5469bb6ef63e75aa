// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `collections` routes.
import type { components } from './components';
import type { operations } from './index';
export interface CollectionsPaths {
    "/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The collections holding the tenant's documents
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listCollections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's documents in a collection, with content hashes
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listCollectionDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a document (all its chunks)
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        delete: operations["deleteCollectionDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search a collection (lexical, dense or hybrid; optional rewrite and rerank)
         * @description Requires the API key scope `read` (or `admin`).
         */
        post: operations["searchCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface CollectionsOperations {
    listCollections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        collections: {
                            chunks: number;
                            denseDimension: number | null;
                            name: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    listCollectionDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        documents: {
                            chunks: number;
                            contentHash: string;
                            documentId: string;
                            sourceKey?: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteCollectionDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                documentId: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    searchCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    documentIds?: string[];
                    fusion?: {
                        /** @default 1 */
                        denseWeight?: number;
                        /** @default 60 */
                        k?: number;
                        /** @default 1 */
                        lexicalWeight?: number;
                        /** @default 100 */
                        prefetchLimit?: number;
                    };
                    /** @default 10 */
                    limit?: number;
                    /** @enum {string} */
                    mode?: "lexical" | "dense" | "hybrid";
                    query: string;
                    rerank?: boolean;
                    rewrite?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chunks: {
                            chunkIndex: number;
                            documentId: string;
                            headingPath: string[];
                            id: string;
                            modifiedAt?: string;
                            page?: number;
                            rerankScore?: number;
                            retrievalScore: number;
                            /** @description Final score: the reranker's when reranked, else the store's (BM25, cosine or RRF) */
                            score: number;
                            sourceUri: string;
                            text: string;
                            title: string;
                        }[];
                        /** @description The search ran in a lesser mode than asked */
                        degraded?: {
                            /** @enum {string} */
                            from: "lexical" | "dense" | "hybrid";
                            reason: string;
                        };
                        /** @enum {string} */
                        mode: "lexical" | "dense" | "hybrid";
                        query: string;
                        reranked: boolean;
                        rerankFailure?: {
                            reason: string;
                        };
                        rewrittenQuery?: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
}
