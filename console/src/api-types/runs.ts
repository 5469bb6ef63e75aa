// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `runs` routes.
import type { components } from './components';
import type { operations } from './index';
export interface RunsPaths {
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List runs, newest first, by agent, status or who started them
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listRuns"];
        put?: never;
        /**
         * Start an agent run
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["startRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run: status, steps, result, usage
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a pending tool call, or extend or end a budget request
         * @description Requires the API key scope `approve` (or `admin`).
         */
        post: operations["decideRunApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a run
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["cancelRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run events and token deltas as Server-Sent Events (resume with Last-Event-ID)
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["streamRunEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface RunsOperations {
    listRuns: {
        parameters: {
            query?: {
                agent?: string;
                cursor?: string;
                limit?: number;
                /** @description Only runs started by this API key id */
                startedBy?: string;
                status?: "pending" | "running" | "awaiting_approval" | "waiting_for_model" | "completed" | "failed" | "cancelled" | "budget_exceeded";
            };
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
                        nextCursor: string | null;
                        runs: components["schemas"]["RunRecord"][];
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
    startRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agent: string;
                    input: string | {
                        [key: string]: unknown;
                    };
                    /** @enum {string} */
                    priority?: "interactive" | "batch";
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The run, started */
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
    getRun: {
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
                    "application/json": components["schemas"]["RunDetail"];
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
    decideRunApproval: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "extend" | "end";
                    extend?: {
                        costUsd?: number;
                        seconds?: number;
                        steps?: number;
                        tokens?: number;
                    };
                    /** @enum {string} */
                    kind: "budget";
                    reason?: string;
                    requestId?: string;
                    runId?: string;
                } | {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    /** @enum {string} */
                    kind?: "tool";
                    reason?: string;
                    runId?: string;
                    toolCallId: string;
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
                        /** @enum {boolean} */
                        accepted: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description No such pending tool call or budget request, or the run has ended */
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
        };
    };
    cancelRun: {
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
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        cancelRequested: true;
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
    streamRunEvents: {
        parameters: {
            query?: {
                /** @description Resume after this id (when no Last-Event-ID header is sent) */
                lastEventId?: string;
            };
            header?: {
                /** @description Resume after this id (sent by EventSource on reconnect); wins over ?lastEventId */
                "last-event-id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One SSE event per run event: `id: N` (the event's id), `event:` (run.started, step.started, step.finished, tool.call, tool.result, approval.needed, approval.decided, run.finished, run.failed, context.truncated, context.summarised), `data:` JSON with `at`. While a model step streams, `event: delta` with `id: N.O` (N: the step's step.started id, O: characters of the step's text sent so far) and data `{ step, offset, text, at }`; step.finished carries the whole text. Resume with Last-Event-ID `N` or `N.O`: events after N, then the streaming step's text after O. `event: resync` (data `{ step, afterEventId }`) says text of a streaming step is no longer retained: the stream goes on live and step.finished will carry the whole text. Comments as keep-alives; the stream ends after run.finished or run.failed, or at once for an ended run whose events were all sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
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
