// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `replays` routes.
import type { components } from './components';
import type { operations } from './index';
export interface ReplaysPaths {
    "/v1/replays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a run from its trace (exact, model or live)
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["startReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/replays/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A replay run and its step-by-step diff against the original
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getReplay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface ReplaysOperations {
    startReplay: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agentVersion?: number;
                    /**
                     * @default local
                     * @enum {string}
                     */
                    from?: "local" | "langfuse";
                    /**
                     * @default exact
                     * @enum {string}
                     */
                    mode?: "exact" | "model" | "live";
                    model?: string;
                    runId?: string;
                    traceId?: string;
                };
            };
        };
        responses: {
            /** @description The replay run, started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    getReplay: {
        parameters: {
            query?: never;
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
                        diff: {
                            counts: {
                                [key: string]: number;
                            };
                            identical: boolean;
                            output: {
                                original: {
                                    output?: string;
                                    status: string;
                                };
                                replay: {
                                    output?: string;
                                    status: string;
                                };
                                same: boolean;
                            };
                            steps: {
                                changes?: string[];
                                original?: {
                                    arguments?: {
                                        [key: string]: unknown;
                                    };
                                    costUsd?: number;
                                    error?: string;
                                    index: number;
                                    isError?: boolean;
                                    /** @enum {string} */
                                    kind: "model" | "tool";
                                    /** @description `model`, or `server/tool` */
                                    name: string;
                                    result?: string;
                                    text?: string;
                                    tokens?: number;
                                    toolCalls?: string[];
                                };
                                replay?: {
                                    arguments?: {
                                        [key: string]: unknown;
                                    };
                                    costUsd?: number;
                                    error?: string;
                                    index: number;
                                    isError?: boolean;
                                    /** @enum {string} */
                                    kind: "model" | "tool";
                                    /** @description `model`, or `server/tool` */
                                    name: string;
                                    result?: string;
                                    text?: string;
                                    tokens?: number;
                                    toolCalls?: string[];
                                };
                                /** @enum {string} */
                                status: "same" | "changed" | "new" | "missing";
                            }[];
                            usage: {
                                delta: {
                                    costUsd: number;
                                    inputTokens: number;
                                    modelCalls: number;
                                    outputTokens: number;
                                    toolCalls: number;
                                    totalTokens: number;
                                };
                                original: {
                                    costUsd: number;
                                    inputTokens: number;
                                    modelCalls: number;
                                    outputTokens: number;
                                    toolCalls: number;
                                    totalTokens: number;
                                };
                                replay: {
                                    costUsd: number;
                                    inputTokens: number;
                                    modelCalls: number;
                                    outputTokens: number;
                                    toolCalls: number;
                                    totalTokens: number;
                                };
                            };
                        };
                        original: {
                            agentVersion: number;
                            id: string;
                            outcome: unknown;
                            status: string;
                            steps: unknown[];
                            usage: unknown;
                        };
                        replay: components["schemas"]["RunDetail"];
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
