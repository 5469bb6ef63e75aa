// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `conversations` routes.
import type { components } from './components';
import type { operations } from './index';
export interface ConversationsPaths {
    "/v1/agents/{name}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a conversation with an agent (memory across turns)
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["openConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A conversation and its turns
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a conversation once its queued turns are answered
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["closeConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a user message; starts a turn that sees the whole conversation
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["sendConversationMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface ConversationsOperations {
    openConversation: {
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
                    version?: number;
                };
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
                        agentName: string;
                        agentVersion: number;
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        /** @description The conversation ends after this long without a message */
                        idleSeconds: number;
                        /** @enum {string} */
                        status: "open" | "expired" | "closed";
                        tenantId: string;
                        turns: number;
                        updatedAt: string;
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
    getConversation: {
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
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        /** @description The conversation ends after this long without a message */
                        idleSeconds: number;
                        messages: {
                            createdAt: string;
                            endedAt: string | null;
                            input: string;
                            output: string | null;
                            /** @description The turn's run: stream it at /v1/runs/{id}/events */
                            runId: string;
                            status: string;
                            turn: number;
                        }[];
                        /** @enum {string} */
                        status: "open" | "expired" | "closed";
                        tenantId: string;
                        turns: number;
                        updatedAt: string;
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
    closeConversation: {
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
                        closing: true;
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
            /** @description The conversation has already ended */
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
    sendConversationMessage: {
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
                    content: string;
                };
            };
        };
        responses: {
            /** @description The turn's run, queued */
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
            /** @description Not found (another tenant’s resources answer exactly like missing ones) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The conversation has ended, or too many messages wait */
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
}
