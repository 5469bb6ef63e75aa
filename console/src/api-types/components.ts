// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
