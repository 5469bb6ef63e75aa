// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `traces` routes.
import type { components } from './components';
import type { operations } from './index';
export interface TracesPaths {
    "/v1/traces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run's trace: the run, model calls, tool calls, retrievals
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface TracesOperations {
    getTrace: {
        parameters: {
            query?: {
                from?: "local" | "langfuse";
            };
            header?: never;
            path: {
                id: string;
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
                        /** @description Ordered by start time; the root agent observation included */
                        observations: {
                            costUsd?: number;
                            /** Format: date-time */
                            endTime?: string;
                            id: string;
                            input?: unknown;
                            /**
                             * @default DEFAULT
                             * @enum {string}
                             */
                            level: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
                            /** @default {} */
                            metadata: {
                                [key: string]: unknown;
                            };
                            model?: string;
                            modelParameters?: {
                                [key: string]: string | number | boolean;
                            };
                            name: string;
                            output?: unknown;
                            parentId?: string;
                            /** Format: date-time */
                            startTime: string;
                            statusMessage?: string;
                            timeToFirstTokenMs?: number;
                            traceId: string;
                            /** @enum {string} */
                            type: "agent" | "generation" | "tool" | "retriever" | "span" | "event";
                            usage?: {
                                cacheRead?: number;
                                cacheWrite?: number;
                                input: number;
                                output: number;
                                total: number;
                            };
                        }[];
                        trace: {
                            agentName?: string;
                            agentVersion?: string;
                            /** Format: date-time */
                            endTime?: string;
                            /** @default default */
                            environment: string;
                            id: string;
                            input?: unknown;
                            /** @enum {string} */
                            level?: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
                            /** @default {} */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            output?: unknown;
                            replayOf?: string;
                            runId: string;
                            sessionId?: string;
                            /** Format: date-time */
                            startTime: string;
                            statusMessage?: string;
                            /** @default [] */
                            tags: string[];
                            tenantId: string;
                            userId?: string;
                            workflowId: string;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The trace source is not configured */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            /** @description The trace source failed */
            502: {
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
