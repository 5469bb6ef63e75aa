// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `ingest` routes.
import type { components } from './components';
import type { operations } from './index';
export interface IngestPaths {
    "/v1/ingest/blobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload one document (raw bytes) for a later job; returns its blob reference
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        put: operations["uploadIngestBlob"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a one-off ingestion job
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["startIngestJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status and counts of an ingestion job
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getIngestJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface IngestOperations {
    uploadIngestBlob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The document's bytes (at most 1024) */
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blobRef: string;
                        bytes: number;
                    };
                };
            };
            /** @description Invalid request (a malformed URL, or an invalid body, query, path parameter or header) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The document is larger than the upload limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Per-tenant rate limit reached (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    startIngestJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 64 */
                    batchSize?: number;
                    chunking?: {
                        /** @default 512 */
                        maxTokens?: number;
                        /** @default 64 */
                        overlapTokens?: number;
                        /**
                         * @default estimate
                         * @enum {string}
                         */
                        tokenCounter?: "estimate" | "cl100k";
                    };
                    collection: string;
                    /** @default 30000 */
                    heartbeatTimeoutMs?: number;
                    source: {
                        /**
                         * @default [
                         *       "**\/node_modules/**",
                         *       "**\/.git/**"
                         *     ]
                         */
                        exclude?: string[];
                        /**
                         * @default [
                         *       "**\/*.{md,markdown,txt,html,htm,pdf,docx}"
                         *     ]
                         */
                        include?: string[];
                        /** @enum {string} */
                        kind: "directory";
                        path: string;
                    } | {
                        /** @enum {string} */
                        kind: "urls";
                        listingRef?: string;
                        urls?: string[];
                    } | {
                        /** @enum {string} */
                        kind: "sitemap";
                        /** @default 5000 */
                        maxUrls?: number;
                        /** Format: uri */
                        url: string;
                    } | {
                        accessKeyIdSecret?: string;
                        bucket: string;
                        /** Format: uri */
                        endpoint?: string;
                        /** @enum {string} */
                        kind: "s3";
                        /** @default  */
                        prefix?: string;
                        /** @default us-east-1 */
                        region?: string;
                        secretAccessKeySecret?: string;
                        sessionTokenSecret?: string;
                    } | {
                        documents?: {
                            blobRef: string;
                            documentId: string;
                            mediaType?: string;
                            modifiedAt?: string;
                            uri: string;
                        }[];
                        /** @enum {string} */
                        kind: "blobs";
                        listingRef?: string;
                        root?: string;
                    };
                    sourceKey?: string;
                };
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobId: string;
                    };
                };
            };
            /** @description Invalid request (a malformed URL, or an invalid body, query, path parameter or header) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Per-tenant rate limit reached (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIngestJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
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
                        /** @description Unset while the job runs */
                        closedAt?: string;
                        /** @description Why the job ended without completing */
                        error?: {
                            message: string;
                            type?: string;
                        };
                        jobId: string;
                        progress?: {
                            batches: number;
                            batchesDone: number;
                            counts: {
                                /** @default 0 */
                                added: number;
                                /** @default 0 */
                                chunks: number;
                                /** @default 0 */
                                deleted: number;
                                /** @default 0 */
                                failed: number;
                                /** @default 0 */
                                seen: number;
                                /** @default 0 */
                                skipped: number;
                                /** @default 0 */
                                updated: number;
                            };
                            /** @description Documents the plan listed (unset while planning) */
                            documents?: number;
                            failures: {
                                documentId: string;
                                error: string;
                                uri: string;
                            }[];
                            failuresOmitted: number;
                            /** @enum {string} */
                            phase: "planning" | "ingesting" | "deleting" | "done";
                        };
                        startedAt?: string;
                        /** @description RUNNING, COMPLETED, FAILED, TERMINATED, CANCELLED, TIMED_OUT, … */
                        status: string;
                    };
                };
            };
            /** @description Invalid request (a malformed URL, or an invalid body, query, path parameter or header) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found (another tenant’s resources answer exactly like missing ones) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Per-tenant rate limit reached (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
