// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AgentRegistration */
        AgentRegistration: {
            agent: {
                createdAt: string;
                /** @description The agent definition as registered (validated) */
                definition: {
                    [key: string]: unknown;
                };
                /** @description sha256 of the canonical definition */
                digest: string;
                name: string;
                version: number;
            };
            /** @description False when the same definition was already this version */
            created: boolean;
            labels: components["schemas"]["VersionLabels"];
        };
        /** AnthropicErrorResponse */
        AnthropicErrorResponse: {
            error: {
                message: string;
                /** @description invalid_request_error, authentication_error, rate_limit_error, overloaded_error, … */
                type: string;
            };
            /** @enum {string} */
            type: "error";
        };
        /** ConsoleSession */
        ConsoleSession: {
            /** @description Send it as the x-keel-csrf header on every POST, PUT, PATCH and DELETE made with the session cookie */
            csrfToken: string;
            expiresAt: string;
            /** @description The key's scopes: the session may do exactly what the key may */
            scopes: string[];
            /** @description The Temporal Web UI's page for this namespace's workflows (append a workflow id), when known */
            temporalUi: string | null;
            tenant: {
                id: string;
                name: string;
            };
        };
        /** ErrorResponse */
        ErrorResponse: {
            error: {
                /** @description Machine-readable error code (invalid_request, not_found, forbidden, rate_limited, …) */
                code: string;
                details?: unknown;
                message: string;
                /** @description The request field at fault, where OpenAI clients read it */
                param?: string;
            };
        };
        /** IngestJob */
        IngestJob: {
            /** @default 64 */
            batchSize: number;
            chunking?: {
                /** @default 512 */
                maxTokens: number;
                /** @default 64 */
                overlapTokens: number;
                /**
                 * @default estimate
                 * @enum {string}
                 */
                tokenCounter: "estimate" | "cl100k";
            };
            collection: string;
            /** @default 30000 */
            heartbeatTimeoutMs: number;
            source: {
                /**
                 * @default [
                 *       "**\/node_modules/**",
                 *       "**\/.git/**"
                 *     ]
                 */
                exclude: string[];
                /**
                 * @default [
                 *       "**\/*.{md,markdown,txt,html,htm,pdf,docx}"
                 *     ]
                 */
                include: string[];
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
                maxUrls: number;
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
                prefix: string;
                /** @default us-east-1 */
                region: string;
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
        /** IngestJobStatus */
        IngestJobStatus: {
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
        /** IngestSource */
        IngestSource: {
            collection: string;
            cron: string;
            /** @description The ingestion job each run starts */
            job: {
                [key: string]: unknown;
            };
            nextRuns: string[];
            note?: string;
            paused: boolean;
            recentRuns: {
                scheduledAt: string;
                workflowId: string;
            }[];
            sourceId: string;
        };
        /** IngestSource */
        IngestSource2: {
            collection: string;
            cron: string;
            /** @description The ingestion job each run starts */
            job: {
                [key: string]: unknown;
            };
            nextRuns: string[];
            note?: string;
            paused: boolean;
            recentRuns: {
                scheduledAt: string;
                workflowId: string;
            }[];
            sourceId: string;
        } | null;
        /** RunDetail */
        RunDetail: {
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
        /** RunRecord */
        RunRecord: {
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
        /** VersionDiff */
        VersionDiff: {
            changes: {
                after?: unknown;
                before?: unknown;
                /** @enum {string} */
                change: "added" | "removed" | "changed";
                /** @description JSON path of the changed value, e.g. tools[0].approval; empty for the whole definition */
                path: string;
            }[];
            from: number;
            name: string;
            to: number;
            /** @description Unified diff of the two definitions as YAML (keys sorted); empty when they are the same */
            unified: string;
        };
        /** VersionLabels */
        VersionLabels: {
            canary: {
                /** @description Share of new runs, 0–100 */
                percent: number;
                version: number;
            } | null;
            /** @description When set, every new run gets this version */
            pinned: number | null;
            /** @description Earlier stable versions, oldest first: rollback returns to the last */
            previousStable: number[];
            /** @description The version runs get unless pinned or picked for the canary */
            stable: number;
        };
        /** VersionLabelsResponse */
        VersionLabelsResponse: {
            labels: components["schemas"]["VersionLabels"];
        };
        /** VersionList */
        VersionList: {
            labels: components["schemas"]["VersionLabels"];
            versions: {
                createdAt: string;
                /** @description sha256 of the canonical definition */
                digest: string;
                labels: ("stable" | "canary" | "pinned")[];
                name: string;
                version: number;
            }[];
        };
        /** WorkflowRegistration */
        WorkflowRegistration: {
            /** @description False when the same definition was already this version */
            created: boolean;
            labels: components["schemas"]["VersionLabels"];
            workflow: {
                createdAt: string;
                /** @description The workflow definition as registered (validated, defaults filled in) */
                definition: {
                    [key: string]: unknown;
                };
                /** @description sha256 of the canonical definition */
                digest: string;
                name: string;
                version: number;
            };
        };
    };
    responses: {
        /** @description Every deployment failed */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Invalid request (a malformed URL, or an invalid body, query, path parameter or header) */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Called with an API key instead of a session */
        BadRequest2: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The API key lacks the scope this operation needs */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Internal error */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Not found (another tenant’s resources answer exactly like missing ones) */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Per-tenant rate limit reached (see Retry-After) */
        RateLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Missing or invalid API key */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No deployment available (breakers open, quota) */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
