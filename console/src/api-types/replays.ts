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
                        replay: {
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
