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
                        runs: {
                            agentName: string;
                            agentVersion: number;
                            /** @description The conversation this run is a turn of */
                            conversationId: string | null;
                            createdAt: string;
                            endedAt: string | null;
                            id: string;
                            input: string;
                            kind: string;
                            /** @description { status, output?, parsedOutput?, error?, limit? } once ended, else null */
                            outcome: unknown;
                            /** @description Where the parent run called this child agent: its step and the call's place in it */
                            parent: {
                                callIndex: number;
                                runId: string;
                                step: number;
                                workflowId: string;
                            } | null;
                            /** @description The run that called this one, when it is a child agent's run */
                            parentRunId: string | null;
                            /** @description What this run replays, and how */
                            replay: {
                                agentVersion?: number;
                                from: string;
                                mode: string;
                                model?: string;
                                of: string;
                                traceId: string;
                            } | null;
                            replayOf: string | null;
                            /** @description The failed run this registered workflow's run resumes (POST /v1/runs/:id/resume) */
                            resumedFrom: string | null;
                            /** @description Who started the run: the id of the API key (or console session key), `keel` for Keel itself; null for child and scheduled runs */
                            startedBy: string | null;
                            /** @description One of pending, running, awaiting_approval, waiting_for_model, completed, failed, cancelled, budget_exceeded */
                            status: string;
                            /** @description Why the run is in its status while it waits for a model */
                            statusReason: {
                                message: string;
                                reasons: ({
                                    deployment: string;
                                    reason: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                since: string;
                            } | null;
                            /** @description Model and tool steps so far */
                            steps: unknown[];
                            tenantId: string;
                            turn: number | null;
                            updatedAt: string;
                            /** @description { inputTokens, outputTokens, totalTokens, costUsd, modelCalls, toolCalls } or null */
                            usage: unknown;
                            /** @description Why the run got its version: one of stable, canary, pinned, requested, scheduled, resumed (canary: picked by run id; requested: named in the start or resume request; resumed: the version of the run it resumes); null for runs from before version labels */
                            versionReason: string | null;
                            workflowId: string;
                        }[];
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
                    "application/json": {
                        agentName: string;
                        agentVersion: number;
                        /** @description The conversation this run is a turn of */
                        conversationId: string | null;
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        input: string;
                        kind: string;
                        /** @description { status, output?, parsedOutput?, error?, limit? } once ended, else null */
                        outcome: unknown;
                        /** @description Where the parent run called this child agent: its step and the call's place in it */
                        parent: {
                            callIndex: number;
                            runId: string;
                            step: number;
                            workflowId: string;
                        } | null;
                        /** @description The run that called this one, when it is a child agent's run */
                        parentRunId: string | null;
                        /** @description What this run replays, and how */
                        replay: {
                            agentVersion?: number;
                            from: string;
                            mode: string;
                            model?: string;
                            of: string;
                            traceId: string;
                        } | null;
                        replayOf: string | null;
                        /** @description The failed run this registered workflow's run resumes (POST /v1/runs/:id/resume) */
                        resumedFrom: string | null;
                        /** @description Who started the run: the id of the API key (or console session key), `keel` for Keel itself; null for child and scheduled runs */
                        startedBy: string | null;
                        /** @description One of pending, running, awaiting_approval, waiting_for_model, completed, failed, cancelled, budget_exceeded */
                        status: string;
                        /** @description Why the run is in its status while it waits for a model */
                        statusReason: {
                            message: string;
                            reasons: ({
                                deployment: string;
                                reason: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            since: string;
                        } | null;
                        /** @description Model and tool steps so far */
                        steps: unknown[];
                        tenantId: string;
                        turn: number | null;
                        updatedAt: string;
                        /** @description { inputTokens, outputTokens, totalTokens, costUsd, modelCalls, toolCalls } or null */
                        usage: unknown;
                        /** @description Why the run got its version: one of stable, canary, pinned, requested, scheduled, resumed (canary: picked by run id; requested: named in the start or resume request; resumed: the version of the run it resumes); null for runs from before version labels */
                        versionReason: string | null;
                        workflowId: string;
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
                    "application/json": {
                        agentName: string;
                        agentVersion: number;
                        /** @description The conversation this run is a turn of */
                        conversationId: string | null;
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        input: string;
                        kind: string;
                        /** @description False when no worker answered: steps and usage are as last stored */
                        live: boolean;
                        /** @description { status, output?, parsedOutput?, error?, limit? } once ended, else null */
                        outcome: unknown;
                        /** @description Where the parent run called this child agent: its step and the call's place in it */
                        parent: {
                            callIndex: number;
                            runId: string;
                            step: number;
                            workflowId: string;
                        } | null;
                        /** @description The run that called this one, when it is a child agent's run */
                        parentRunId: string | null;
                        /** @description Tool calls and budget requests waiting for a person, this run's and its child agents' runs' */
                        pendingApprovals: ({
                            current: number;
                            /** @enum {string} */
                            kind: "budget";
                            /** @enum {string} */
                            limit: "max_steps" | "max_total_tokens" | "max_cost_usd" | "deadline";
                            requestedAt: string;
                            requestId: string;
                            /** @description Set when a child agent's run asks (decide it here: it is forwarded) */
                            runId?: string;
                            used: number;
                        } | {
                            arguments: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            kind?: "tool";
                            /** @description A registered workflow's approval or tool step: what the person is asked (toolCallId is the step's path) */
                            message?: string;
                            requestedAt: string;
                            /** @description Set when a child agent's run asks (decide it here: it is forwarded) */
                            runId?: string;
                            server: string;
                            tool: string;
                            toolCallId: string;
                        })[];
                        /** @description What this run replays, and how */
                        replay: {
                            agentVersion?: number;
                            from: string;
                            mode: string;
                            model?: string;
                            of: string;
                            traceId: string;
                        } | null;
                        replayOf: string | null;
                        /** @description The failed run this registered workflow's run resumes (POST /v1/runs/:id/resume) */
                        resumedFrom: string | null;
                        /** @description Who started the run: the id of the API key (or console session key), `keel` for Keel itself; null for child and scheduled runs */
                        startedBy: string | null;
                        /** @description One of pending, running, awaiting_approval, waiting_for_model, completed, failed, cancelled, budget_exceeded */
                        status: string;
                        /** @description Why the run is in its status while it waits for a model */
                        statusReason: {
                            message: string;
                            reasons: ({
                                deployment: string;
                                reason: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            since: string;
                        } | null;
                        /** @description Model and tool steps so far */
                        steps: unknown[];
                        tenantId: string;
                        trace: {
                            traceId: string;
                            url: string;
                        };
                        turn: number | null;
                        updatedAt: string;
                        /** @description { inputTokens, outputTokens, totalTokens, costUsd, modelCalls, toolCalls } or null */
                        usage: unknown;
                        /** @description Why the run got its version: one of stable, canary, pinned, requested, scheduled, resumed (canary: picked by run id; requested: named in the start or resume request; resumed: the version of the run it resumes); null for runs from before version labels */
                        versionReason: string | null;
                        workflowId: string;
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
            /** @description No such pending tool call or budget request, or the run has ended */
            409: {
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
