// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
// The `codec` routes.
import type { components } from './components';
import type { operations } from './index';
export interface CodecPaths {
    "/v1/codec/decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decrypt Temporal payloads (codec-server protocol, for the Temporal Web UI and CLI)
         * @description Only for the operator's tenants (`api.codec.operatorTenants`): Temporal namespaces are shared by tenants. Payloads are protobuf JSON: metadata values and data in base64. `X-Namespace` (sent by the Web UI) is accepted and not needed.
         *
         *     Requires the API key scope `admin`.
         */
        post: operations["decodePayloads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/codec/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Encrypt Temporal payloads with the current key (codec-server protocol)
         * @description Only for the operator's tenants (`api.codec.operatorTenants`): Temporal namespaces are shared by tenants. Payloads are protobuf JSON: metadata values and data in base64. `X-Namespace` (sent by the Web UI) is accepted and not needed.
         *
         *     Requires the API key scope `admin`.
         */
        post: operations["encodePayloads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface CodecOperations {
    decodePayloads: {
        parameters: {
            query?: never;
            header?: {
                "x-namespace"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    payloads: {
                        data?: string;
                        metadata?: {
                            [key: string]: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description The payloads, in the same order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        payloads: {
                            data?: string;
                            metadata?: {
                                [key: string]: string;
                            };
                        }[];
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
    encodePayloads: {
        parameters: {
            query?: never;
            header?: {
                "x-namespace"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    payloads: {
                        data?: string;
                        metadata?: {
                            [key: string]: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description The payloads, in the same order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        payloads: {
                            data?: string;
                            metadata?: {
                                [key: string]: string;
                            };
                        }[];
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
