// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `gateway` routes.
import type { components } from './components';
import type { operations } from './index';
export interface GatewayPaths {
    "/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI-compatible chat completions through the model router
         * @description Requires the API key scope `gateway` (or `admin`).
         */
        post: operations["createChatCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI-compatible embeddings through the model router
         * @description Requires the API key scope `gateway` (or `admin`).
         */
        post: operations["createEmbedding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anthropic Messages API through the model router
         * @description Requires the API key scope `gateway` (or `admin`).
         */
        post: operations["createMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Logical models served by the gateway
         * @description Requires the API key scope `gateway` (or `admin`).
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface GatewayOperations {
    createChatCompletion: {
        parameters: {
            query?: never;
            header?: {
                /** @description off: do not continue a failed stream on another deployment */
                "x-mid-stream-continuation"?: string;
                /** @description interactive (default) or batch */
                "x-priority"?: string;
                /** @description Trace id for this call (echoed back in X-Trace-Id) */
                "x-trace-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    frequency_penalty?: number | null;
                    logprobs?: boolean | null;
                    max_completion_tokens?: number | null;
                    max_tokens?: number | null;
                    messages: {
                        content?: string | ({
                            text: string;
                            /** @enum {string} */
                            type: "text";
                        } | {
                            image_url: {
                                /** @enum {string} */
                                detail?: "auto" | "low" | "high";
                                url: string;
                            };
                            /** @enum {string} */
                            type: "image_url";
                        } | {
                            file: {
                                file_data?: string;
                                file_id?: string;
                                filename?: string;
                            };
                            /** @enum {string} */
                            type: "file";
                        })[] | (null);
                        name?: string;
                        /** @enum {string} */
                        role: "system" | "developer" | "user" | "assistant" | "tool";
                        tool_call_id?: string;
                        tool_calls?: {
                            function: {
                                /** @default {} */
                                arguments?: string;
                                name: string;
                            };
                            id: string;
                            /**
                             * @default function
                             * @enum {string}
                             */
                            type?: "function";
                        }[];
                    }[];
                    model: string;
                    n?: number | null;
                    parallel_tool_calls?: boolean;
                    presence_penalty?: number | null;
                    response_format?: {
                        /** @enum {string} */
                        type: "text";
                    } | {
                        /** @enum {string} */
                        type: "json_object";
                    } | {
                        json_schema: {
                            description?: string;
                            name: string;
                            schema?: {
                                [key: string]: unknown;
                            };
                            strict?: boolean | null;
                        };
                        /** @enum {string} */
                        type: "json_schema";
                    };
                    seed?: number | null;
                    stop?: (string | string[]) | null;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    temperature?: number | null;
                    tool_choice?: ("auto" | "none" | "required") | {
                        function: {
                            name: string;
                        };
                        /** @enum {string} */
                        type: "function";
                    };
                    tools?: {
                        function: {
                            description?: string;
                            name: string;
                            parameters?: {
                                [key: string]: unknown;
                            };
                            strict?: boolean | null;
                        };
                        /** @enum {string} */
                        type: "function";
                    }[];
                    top_logprobs?: number | null;
                    top_p?: number | null;
                    user?: string;
                };
            };
        };
        responses: {
            /** @description A chat completion (stream: false) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        choices: {
                            /** @enum {string} */
                            finish_reason: "stop" | "length" | "tool_calls" | "content_filter";
                            index: number;
                            logprobs: {
                                content: {
                                    bytes?: number[] | null;
                                    logprob: number;
                                    token: string;
                                    top_logprobs?: {
                                        bytes?: number[] | null;
                                        logprob: number;
                                        token: string;
                                    }[];
                                }[];
                                /** @enum {string|null} */
                                refusal: null;
                            } | null;
                            message: {
                                content: string | null;
                                /** @enum {string|null} */
                                refusal: null;
                                /** @enum {string} */
                                role: "assistant";
                                tool_calls?: {
                                    function: {
                                        arguments: string;
                                        name: string;
                                    };
                                    id: string;
                                    /** @enum {string} */
                                    type: "function";
                                }[];
                            };
                        }[];
                        created: number;
                        id: string;
                        model: string;
                        /** @enum {string} */
                        object: "chat.completion";
                        usage: {
                            completion_tokens: number;
                            prompt_tokens: number;
                            prompt_tokens_details?: {
                                cached_tokens: number;
                            };
                            total_tokens: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
        };
    };
    createEmbedding: {
        parameters: {
            query?: never;
            header?: {
                /** @description off: do not continue a failed stream on another deployment */
                "x-mid-stream-continuation"?: string;
                /** @description interactive (default) or batch */
                "x-priority"?: string;
                /** @description Trace id for this call (echoed back in X-Trace-Id) */
                "x-trace-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    dimensions?: number;
                    /** @enum {string} */
                    encoding_format?: "float" | "base64";
                    input: string | string[];
                    /** @enum {string} */
                    input_type?: "query" | "document";
                    model: string;
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
                        data: {
                            embedding: number[] | string;
                            index: number;
                            /** @enum {string} */
                            object: "embedding";
                        }[];
                        model: string;
                        /** @enum {string} */
                        object: "list";
                        usage: {
                            prompt_tokens: number;
                            total_tokens: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["Unavailable"];
        };
    };
    createMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description One of 2023-06-01, 2026-10-21 (default 2023-06-01) */
                "anthropic-version"?: string;
                /** @description interactive (default) or batch */
                "x-priority"?: string;
                /** @description Trace id for this call (echoed back in X-Trace-Id) */
                "x-trace-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    max_tokens: number;
                    messages: {
                        content: string | ({
                            cache_control?: {
                                ttl?: string;
                                /** @enum {string} */
                                type: "ephemeral";
                            };
                            text: string;
                            /** @enum {string} */
                            type: "text";
                        } | {
                            cache_control?: {
                                ttl?: string;
                                /** @enum {string} */
                                type: "ephemeral";
                            };
                            source: {
                                data: string;
                                /** @enum {string} */
                                media_type: "image/jpeg" | "image/png" | "image/gif" | "image/webp";
                                /** @enum {string} */
                                type: "base64";
                            } | {
                                /** @enum {string} */
                                type: "url";
                                /** Format: uri */
                                url: string;
                            };
                            /** @enum {string} */
                            type: "image";
                        } | {
                            cache_control?: {
                                ttl?: string;
                                /** @enum {string} */
                                type: "ephemeral";
                            };
                            context?: string | null;
                            source: {
                                data: string;
                                /** @enum {string} */
                                media_type: "application/pdf";
                                /** @enum {string} */
                                type: "base64";
                            };
                            title?: string | null;
                            /** @enum {string} */
                            type: "document";
                        } | {
                            cache_control?: {
                                ttl?: string;
                                /** @enum {string} */
                                type: "ephemeral";
                            };
                            id: string;
                            input: {
                                [key: string]: unknown;
                            };
                            name: string;
                            /** @enum {string} */
                            type: "tool_use";
                        } | {
                            cache_control?: {
                                ttl?: string;
                                /** @enum {string} */
                                type: "ephemeral";
                            };
                            content?: string | ({
                                cache_control?: {
                                    ttl?: string;
                                    /** @enum {string} */
                                    type: "ephemeral";
                                };
                                text: string;
                                /** @enum {string} */
                                type: "text";
                            } | {
                                cache_control?: {
                                    ttl?: string;
                                    /** @enum {string} */
                                    type: "ephemeral";
                                };
                                source: {
                                    data: string;
                                    /** @enum {string} */
                                    media_type: "image/jpeg" | "image/png" | "image/gif" | "image/webp";
                                    /** @enum {string} */
                                    type: "base64";
                                } | {
                                    /** @enum {string} */
                                    type: "url";
                                    /** Format: uri */
                                    url: string;
                                };
                                /** @enum {string} */
                                type: "image";
                            })[];
                            is_error?: boolean;
                            tool_use_id: string;
                            /** @enum {string} */
                            type: "tool_result";
                        })[];
                        /** @enum {string} */
                        role: "user" | "assistant";
                    }[];
                    metadata?: {
                        user_id?: string | null;
                    };
                    model: string;
                    stop_sequences?: string[];
                    stream?: boolean;
                    system?: string | {
                        cache_control?: {
                            ttl?: string;
                            /** @enum {string} */
                            type: "ephemeral";
                        };
                        text: string;
                        /** @enum {string} */
                        type: "text";
                    }[];
                    temperature?: number;
                    tool_choice?: {
                        disable_parallel_tool_use?: boolean;
                        /** @enum {string} */
                        type: "auto";
                    } | {
                        disable_parallel_tool_use?: boolean;
                        /** @enum {string} */
                        type: "any";
                    } | {
                        disable_parallel_tool_use?: boolean;
                        name: string;
                        /** @enum {string} */
                        type: "tool";
                    } | {
                        /** @enum {string} */
                        type: "none";
                    };
                    tools?: {
                        cache_control?: {
                            ttl?: string;
                            /** @enum {string} */
                            type: "ephemeral";
                        };
                        description?: string;
                        input_schema: {
                            /** @enum {string} */
                            type: "object";
                        } & {
                            [key: string]: unknown;
                        };
                        name: string;
                        /** @enum {string} */
                        type?: "custom";
                    }[];
                    top_k?: number;
                    top_p?: number;
                };
            };
        };
        responses: {
            /** @description A message (stream: false) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        content: ({
                            text: string;
                            /** @enum {string} */
                            type: "text";
                        } | {
                            id: string;
                            input: {
                                [key: string]: unknown;
                            };
                            name: string;
                            /** @enum {string} */
                            type: "tool_use";
                        })[];
                        id: string;
                        model: string;
                        /** @enum {string} */
                        role: "assistant";
                        stop_reason: string;
                        stop_sequence: string | null;
                        /** @enum {string} */
                        type: "message";
                        usage: {
                            cache_creation_input_tokens: number;
                            cache_read_input_tokens: number;
                            input_tokens: number;
                            output_tokens: number;
                        };
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request (a malformed URL, or an invalid body, query, path parameter or header) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description Missing or invalid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description The API key lacks the scope this operation needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description Per-tenant rate limit reached (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description Every deployment failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
            /** @description No deployment available (breakers open, quota) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicErrorResponse"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
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
                        data: {
                            created: number;
                            /** @description Deployments serving this logical model */
                            deployments: number;
                            id: string;
                            /** @enum {string} */
                            object: "model";
                            owned_by: string;
                        }[];
                        /** @enum {string} */
                        object: "list";
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
