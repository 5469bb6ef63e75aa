// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `audit` routes.
import type { components } from './components';
import type { operations } from './index';
export interface AuditPaths {
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit log entries, newest first
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface AuditOperations {
    listAuditEntries: {
        parameters: {
            query?: {
                action?: string;
                actorId?: string;
                cursor?: string;
                limit?: number;
                since?: string;
                targetId?: string;
                targetType?: string;
                until?: string;
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
                        entries: {
                            /** @enum {string} */
                            action: "agent.registered" | "agent.published" | "agent.promoted" | "agent.rolled_back" | "agent.canary_set" | "agent.pinned" | "agent.unpinned" | "workflow.registered" | "workflow.published" | "workflow.promoted" | "workflow.rolled_back" | "workflow.canary_set" | "workflow.pinned" | "workflow.unpinned" | "source.registered" | "run.started" | "run.cancelled" | "run.signalled" | "tool.approved" | "tool.rejected" | "budget.extended" | "budget.ended" | "tool.executed" | "replay.started" | "secret.set" | "secret.deleted" | "key.created" | "key.revoked" | "conversation.opened" | "conversation.message" | "conversation.closed";
                            actor: {
                                id: string;
                                /** @enum {string} */
                                type: "api_key" | "user" | "workflow" | "system" | "schedule";
                            };
                            at: string;
                            details: {
                                [key: string]: unknown;
                            };
                            id: string;
                            target: {
                                id: string;
                                type: string;
                            };
                            tenantId: string;
                        }[];
                        nextCursor: string | null;
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
}
