// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.
/* eslint-disable */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the API process answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (asks no dependency) */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format 0.0.4) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.0 document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store, Temporal, the vector store, the blob store, a healthy model deployment and the stream bus (when it is a broker) answer, each within 2 s */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List agents
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listAgents"];
        put?: never;
        /**
         * Register an agent definition (a changed definition becomes a new version)
         * @description JSON or YAML (application/yaml) body. The first version of a name becomes stable; later ones take no runs until promoted, made a canary or pinned — or at once with ?stable=true or ?canary=PERCENT.
         *
         *     Requires the API key scope `agents:write` (or `admin`).
         */
        post: operations["registerAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Latest registered version of an agent (not necessarily the one runs get: see its versions and labels)
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/canary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a share of a agent's new runs to a canary version (version null clears it)
         * @description Requires the API key scope `agents:write` (or `admin`).
         */
        post: operations["setCanaryAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
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
    "/v1/agents/{name}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What changed between two versions of a agent
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["diffAgentVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pin every new run of a agent to one version (version null unpins)
         * @description Requires the API key scope `agents:write` (or `admin`).
         */
        post: operations["pinAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the canary (or a named version) the stable version of a agent; clears the canary
         * @description Requires the API key scope `agents:write` (or `admin`).
         */
        post: operations["promoteAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return a agent's stable version to the previous stable (or a named version); clears the canary
         * @description Requires the API key scope `agents:write` (or `admin`).
         */
        post: operations["rollbackAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Versions of a agent, with the labels that route runs to them
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listAgentVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One version of an agent
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getAgentVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
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
    "/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The collections holding the tenant's documents
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listCollections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's documents in a collection, with content hashes
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listCollectionDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a document (all its chunks)
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        delete: operations["deleteCollectionDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{name}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search a collection (lexical, dense or hybrid; optional rewrite and rerank)
         * @description Requires the API key scope `read` (or `admin`).
         */
        post: operations["searchCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The console session's tenant, scopes and CSRF token (a reloaded page asks)
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getConsoleSession"];
        put?: never;
        /**
         * Log in to the console: exchange the API key (in Authorization) for a session cookie
         * @description Sets the HttpOnly, SameSite=Strict `keel_session` cookie (Secure over https). The cookie holds an opaque id; the key is not stored in it or in the browser.
         *
         *     Requires the API key scope `read` (or `admin`).
         */
        post: operations["createConsoleSession"];
        /**
         * Log out of the console: the session ends and its cookie is cleared
         * @description Requires the API key scope `read` (or `admin`).
         */
        delete: operations["deleteConsoleSession"];
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
    "/v1/ingest/blobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload one document (raw bytes) for a later job; returns its blob reference
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        put: operations["uploadIngestBlob"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a one-off ingestion job
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["startIngestJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ingest/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status and counts of an ingestion job
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getIngestJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List this tenant's API keys (ids, labels and scopes, never the keys)
         * @description Requires the API key scope `admin`.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key for this tenant (the key is shown in this response only)
         * @description Requires the API key scope `admin`.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key (effective immediately)
         * @description Requires the API key scope `admin`.
         */
        delete: operations["revokeApiKey"];
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
    "/v1/runs/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a registered workflow's failed run: a new run reusing its steps' recorded results, live from the step that failed
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["resumeWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/signals/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Signal a registered workflow's run: a `wait` step waiting for this name continues with the payload
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["signalWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List this tenant's secret names (never values)
         * @description Requires the API key scope `admin`.
         */
        get: operations["listSecrets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/secrets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a secret (encrypted at rest; never readable back). Reference it from your MCP servers as { "secret": NAME }
         * @description Requires the API key scope `admin`.
         */
        put: operations["setSecret"];
        post?: never;
        /**
         * Delete a secret
         * @description Requires the API key scope `admin`.
         */
        delete: operations["deleteSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Scheduled sources
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listSources"];
        put?: never;
        /**
         * Register a source with a cron schedule
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["createSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A source schedule: next and recent runs
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getSource"];
        put?: never;
        post?: never;
        /**
         * Delete a source schedule
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        delete: operations["deleteSource"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a source for the schedule times in a past window
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["backfillSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The newest jobs a source schedule started (at most 10), with status, times and counts
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listSourceJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * pause a source schedule
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["pauseSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * resume a source schedule
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["resumeSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{sourceId}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * trigger a source schedule
         * @description Requires the API key scope `ingest` (or `admin`).
         */
        post: operations["triggerSource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/servers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List this tenant's MCP servers
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listToolServers"];
        put?: never;
        /**
         * Register an MCP server for this tenant (409 if the name is taken)
         * @description Requires the API key scope `admin`.
         */
        post: operations["registerToolServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/servers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One registered MCP server
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getToolServer"];
        /**
         * Register or replace an MCP server
         * @description Requires the API key scope `admin`.
         */
        put: operations["putToolServer"];
        post?: never;
        /**
         * Remove a registered MCP server
         * @description Requires the API key scope `admin`.
         */
        delete: operations["deleteToolServer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tools/servers/{name}/tools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Connect to the server and list its tools (names, schemas, annotations)
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listToolServerTools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run's trace: the run, model calls, tool calls, retrievals
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workflows with the versions their runs get
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listWorkflows"];
        put?: never;
        /**
         * Register a workflow definition (a changed definition becomes a new version)
         * @description YAML (application/yaml) or JSON body. The offline checks and the tenant checks (the agents, MCP tools, collections, models and workflows the steps name) run first: any error refuses the whole definition, nothing is saved, and the 400 `invalid_workflow` lists every error as { path, step, line, column, message }. The first version of a name becomes stable; later ones take no runs until promoted, made a canary or pinned — or at once with ?stable=true or ?canary=PERCENT.
         *
         *     Requires the API key scope `workflows:write` (or `admin`).
         */
        post: operations["registerWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One version of a workflow (the latest without ?version; not necessarily the one runs get: see its versions and labels)
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["getWorkflow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/canary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a share of a workflow's new runs to a canary version (version null clears it)
         * @description Requires the API key scope `workflows:write` (or `admin`).
         */
        post: operations["setCanaryWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What changed between two versions of a workflow
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["diffWorkflowVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pin every new run of a workflow to one version (version null unpins)
         * @description Requires the API key scope `workflows:write` (or `admin`).
         */
        post: operations["pinWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the canary (or a named version) the stable version of a workflow; clears the canary
         * @description Requires the API key scope `workflows:write` (or `admin`).
         */
        post: operations["promoteWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return a workflow's stable version to the previous stable (or a named version); clears the canary
         * @description Requires the API key scope `workflows:write` (or `admin`).
         */
        post: operations["rollbackWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a run of a registered workflow
         * @description Requires the API key scope `runs` (or `admin`).
         */
        post: operations["startWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workflows/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Versions of a workflow, with the labels that route runs to them
         * @description Requires the API key scope `read` (or `admin`).
         */
        get: operations["listWorkflowVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
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
export interface operations {
    getHealth: {
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
                        /** @enum {boolean} */
                        ok: true;
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
    getLiveness: {
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
                        /** @enum {boolean} */
                        ok: true;
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
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
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
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        info: {
                            [key: string]: unknown;
                        };
                        openapi: string;
                        paths: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
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
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every check passed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            [key: string]: "ok" | "failed" | "timeout";
                        };
                        ready: boolean;
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
            /** @description Internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The checks that failed or timed out */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            [key: string]: "ok" | "failed" | "timeout";
                        };
                        ready: boolean;
                    };
                };
            };
        };
    };
    listAgents: {
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
                        agents: {
                            createdAt: string;
                            latestVersion: number;
                            name: string;
                            stableVersion: number;
                            updatedAt: string;
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
    registerAgent: {
        parameters: {
            query?: {
                /** @description The registered version becomes the canary with this share of runs (0–100) */
                canary?: number;
                /** @description true: the registered version becomes stable at once */
                stable?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
                "application/yaml": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The definition is unchanged: its existing version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                        /** @description The agent's labels after registering */
                        labels: {
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
                    };
                };
            };
            /** @description A new version */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                        /** @description The agent's labels after registering */
                        labels: {
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
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
    setCanaryAgent: {
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
                    /** @description 0–100, an integer or one decimal */
                    percent: number;
                    version: number;
                } | {
                    /** @enum {string|null} */
                    version: null;
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
                        labels: {
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
    diffAgentVersions: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path: {
                name: string;
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
    pinAgent: {
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
                    version: number | null;
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
                        labels: {
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
    promoteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description Optional: { version } */
        requestBody: {
            content: {
                "application/json": {
                    version?: number;
                } | null;
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
                        labels: {
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
    rollbackAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description Optional: { version } */
        requestBody: {
            content: {
                "application/json": {
                    version?: number;
                } | null;
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
                        labels: {
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
    listAgentVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                        labels: {
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
                        versions: {
                            createdAt: string;
                            /** @description sha256 of the canonical definition */
                            digest: string;
                            labels: ("stable" | "canary" | "pinned")[];
                            name: string;
                            version: number;
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
    getAgentVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: number;
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
                                type: "api_key" | "user" | "workflow" | "system";
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
            /** @description Every deployment failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No deployment available (breakers open, quota) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
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
    listCollections: {
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
                        collections: {
                            chunks: number;
                            denseDimension: number | null;
                            name: string;
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
    listCollectionDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                        documents: {
                            chunks: number;
                            contentHash: string;
                            documentId: string;
                            sourceKey?: string;
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
    deleteCollectionDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                documentId: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    searchCollection: {
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
                    documentIds?: string[];
                    fusion?: {
                        /** @default 1 */
                        denseWeight?: number;
                        /** @default 60 */
                        k?: number;
                        /** @default 1 */
                        lexicalWeight?: number;
                        /** @default 100 */
                        prefetchLimit?: number;
                    };
                    /** @default 10 */
                    limit?: number;
                    /** @enum {string} */
                    mode?: "lexical" | "dense" | "hybrid";
                    query: string;
                    rerank?: boolean;
                    rewrite?: boolean;
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
                        chunks: {
                            chunkIndex: number;
                            documentId: string;
                            headingPath: string[];
                            id: string;
                            modifiedAt?: string;
                            page?: number;
                            rerankScore?: number;
                            retrievalScore: number;
                            /** @description Final score: the reranker's when reranked, else the store's (BM25, cosine or RRF) */
                            score: number;
                            sourceUri: string;
                            text: string;
                            title: string;
                        }[];
                        /** @description The search ran in a lesser mode than asked */
                        degraded?: {
                            /** @enum {string} */
                            from: "lexical" | "dense" | "hybrid";
                            reason: string;
                        };
                        /** @enum {string} */
                        mode: "lexical" | "dense" | "hybrid";
                        query: string;
                        reranked: boolean;
                        rerankFailure?: {
                            reason: string;
                        };
                        rewrittenQuery?: string;
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
    getConsoleSession: {
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
                };
            };
            /** @description Called with an API key instead of a session */
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
    createConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
                };
            };
            /** @description Called with a session cookie instead of an API key */
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
    deleteConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Called with an API key instead of a session */
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
            /** @description Every deployment failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No deployment available (breakers open, quota) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    uploadIngestBlob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The document's bytes (at most 1024) */
        requestBody: {
            content: {
                "application/octet-stream": string;
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
                        blobRef: string;
                        bytes: number;
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
            /** @description The document is larger than the upload limit */
            413: {
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
    startIngestJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 64 */
                    batchSize?: number;
                    chunking?: {
                        /** @default 512 */
                        maxTokens?: number;
                        /** @default 64 */
                        overlapTokens?: number;
                        /**
                         * @default estimate
                         * @enum {string}
                         */
                        tokenCounter?: "estimate" | "cl100k";
                    };
                    collection: string;
                    /** @default 30000 */
                    heartbeatTimeoutMs?: number;
                    source: {
                        /**
                         * @default [
                         *       "**\/node_modules/**",
                         *       "**\/.git/**"
                         *     ]
                         */
                        exclude?: string[];
                        /**
                         * @default [
                         *       "**\/*.{md,markdown,txt,html,htm,pdf,docx}"
                         *     ]
                         */
                        include?: string[];
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
                        maxUrls?: number;
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
                        prefix?: string;
                        /** @default us-east-1 */
                        region?: string;
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
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobId: string;
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
    getIngestJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
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
    listApiKeys: {
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
                        keys: {
                            createdAt: string;
                            id: string;
                            label: string;
                            revokedAt: string | null;
                            scopes: string[];
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
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    label?: string;
                    /** @description What the key may do; "admin" implies every scope. Default: read */
                    scopes?: ("admin" | "agents:write" | "workflows:write" | "runs" | "approve" | "ingest" | "read" | "gateway")[];
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
                        createdAt: string;
                        id: string;
                        /** @description The API key itself; not retrievable later */
                        key: string;
                        label: string;
                        revokedAt: string | null;
                        scopes: string[];
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
    revokeApiKey: {
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
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    resumeWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description Optional: { version, priority } */
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The new run's priority, as when starting a run (default interactive)
                     * @enum {string}
                     */
                    priority?: "interactive" | "batch";
                    /** @description Run this version of the workflow (its unchanged steps keep their results); else the failed run's version */
                    version?: number;
                } | null;
            };
        };
        responses: {
            /** @description The new run, started (resumedFrom names the failed run; versionReason is resumed, or requested with a version) */
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
            /** @description An agent's run (not_a_workflow_run), or the failed run's inputs do not match the version's inputs schema (invalid_inputs) */
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
            /** @description No such run, or no such version */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The run has not finished (run_not_finished) or it completed (run_completed) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description What the run recorded is too large to resume (resume_too_large) */
            413: {
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
    signalWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description The signal a `wait` step waits for (its `signal`) */
                name: string;
            };
            cookie?: never;
        };
        /** @description Optional: { payload } */
        requestBody: {
            content: {
                "application/json": {
                    /** @description What the waiting step outputs (JSON, at most 65536 bytes); null when absent */
                    payload?: unknown;
                } | null;
            };
        };
        responses: {
            /** @description Delivered to the run: kept until a wait step takes it */
            202: {
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
            /** @description A bad signal name, one the run's workflow waits for nowhere (unknown_signal), or an agent's run (not_a_workflow_run) */
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
            /** @description No such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The run has finished (run_finished) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The payload is too large (payload_too_large) */
            413: {
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
    listSecrets: {
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
                        secrets: {
                            name: string;
                            updatedAt: string;
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
    setSecret: {
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
                    value: string;
                };
            };
        };
        responses: {
            /** @description Stored */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    deleteSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    listSources: {
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
                        sources: {
                            collection: string;
                            paused: boolean;
                            sourceId: string;
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
    createSource: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    cron: string;
                    job: {
                        /** @default 64 */
                        batchSize?: number;
                        chunking?: {
                            /** @default 512 */
                            maxTokens?: number;
                            /** @default 64 */
                            overlapTokens?: number;
                            /**
                             * @default estimate
                             * @enum {string}
                             */
                            tokenCounter?: "estimate" | "cl100k";
                        };
                        collection: string;
                        /** @default 30000 */
                        heartbeatTimeoutMs?: number;
                        source: {
                            /**
                             * @default [
                             *       "**\/node_modules/**",
                             *       "**\/.git/**"
                             *     ]
                             */
                            exclude?: string[];
                            /**
                             * @default [
                             *       "**\/*.{md,markdown,txt,html,htm,pdf,docx}"
                             *     ]
                             */
                            include?: string[];
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
                            maxUrls?: number;
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
                            prefix?: string;
                            /** @default us-east-1 */
                            region?: string;
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
                    /** @default false */
                    paused?: boolean;
                    sourceId: string;
                    timezone?: string;
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
            /** @description A source with this id exists */
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
    getSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
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
    deleteSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    backfillSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    end: unknown;
                    start: unknown;
                };
            };
        };
        responses: {
            /** @description The source after starting the backfill */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
    listSourceJobs: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                sourceId: string;
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
                        /** @description Newest first; each jobId works with GET /v1/ingest/jobs/:jobId */
                        jobs: {
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
    pauseSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The source after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
    resumeSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The source after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
    triggerSource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The source after the action */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
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
    listToolServers: {
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
                        servers: {
                            createdAt: string;
                            name: string;
                            /** @description The spec as registered: secret references, never resolved values */
                            spec: {
                                [key: string]: unknown;
                            };
                            updatedAt: string;
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
    registerToolServer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description MCP server spec: { transport: "stdio", command, args, env } or { transport: "http", url, headers, bearerTokenRef }; secret values as { "fromEnv": "VAR" } or { "secret": "name" } */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
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
                        createdAt: string;
                        name: string;
                        /** @description The spec as registered: secret references, never resolved values */
                        spec: {
                            [key: string]: unknown;
                        };
                        updatedAt: string;
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
            /** @description A server with this name exists */
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
    getToolServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                        createdAt: string;
                        name: string;
                        /** @description The spec as registered: secret references, never resolved values */
                        spec: {
                            [key: string]: unknown;
                        };
                        updatedAt: string;
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
    putToolServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description MCP server spec: { transport: "stdio", command, args, env } or { transport: "http", url, headers, bearerTokenRef }; secret values as { "fromEnv": "VAR" } or { "secret": "name" } */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        name: string;
                        /** @description The spec as registered: secret references, never resolved values */
                        spec: {
                            [key: string]: unknown;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        name: string;
                        /** @description The spec as registered: secret references, never resolved values */
                        spec: {
                            [key: string]: unknown;
                        };
                        updatedAt: string;
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
    deleteToolServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    listToolServerTools: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                        tools: {
                            annotations: {
                                destructiveHint?: boolean;
                                idempotentHint?: boolean;
                                openWorldHint?: boolean;
                                readOnlyHint?: boolean;
                                title?: string;
                            };
                            description: string;
                            inputSchema: {
                                [key: string]: unknown;
                            };
                            name: string;
                            server: string;
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
            /** @description Not found (another tenant’s resources answer exactly like missing ones) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The server refused or failed the listing */
            422: {
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
            /** @description The server is unreachable (retryable) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTrace: {
        parameters: {
            query?: {
                from?: "local" | "langfuse";
            };
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
                        /** @description Ordered by start time; the root agent observation included */
                        observations: {
                            costUsd?: number;
                            /** Format: date-time */
                            endTime?: string;
                            id: string;
                            input?: unknown;
                            /**
                             * @default DEFAULT
                             * @enum {string}
                             */
                            level: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
                            /** @default {} */
                            metadata: {
                                [key: string]: unknown;
                            };
                            model?: string;
                            modelParameters?: {
                                [key: string]: string | number | boolean;
                            };
                            name: string;
                            output?: unknown;
                            parentId?: string;
                            /** Format: date-time */
                            startTime: string;
                            statusMessage?: string;
                            timeToFirstTokenMs?: number;
                            traceId: string;
                            /** @enum {string} */
                            type: "agent" | "generation" | "tool" | "retriever" | "span" | "event";
                            usage?: {
                                cacheRead?: number;
                                cacheWrite?: number;
                                input: number;
                                output: number;
                                total: number;
                            };
                        }[];
                        trace: {
                            agentName?: string;
                            agentVersion?: string;
                            /** Format: date-time */
                            endTime?: string;
                            /** @default default */
                            environment: string;
                            id: string;
                            input?: unknown;
                            /** @enum {string} */
                            level?: "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
                            /** @default {} */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            output?: unknown;
                            replayOf?: string;
                            runId: string;
                            sessionId?: string;
                            /** Format: date-time */
                            startTime: string;
                            statusMessage?: string;
                            /** @default [] */
                            tags: string[];
                            tenantId: string;
                            userId?: string;
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
            /** @description The trace source is not configured */
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
            /** @description The trace source failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWorkflows: {
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
                        workflows: {
                            createdAt: string;
                            /** @description Which versions new runs get: stable, canary, pinned */
                            labels: {
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
                            latestVersion: number;
                            name: string;
                            updatedAt: string;
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
    registerWorkflow: {
        parameters: {
            query?: {
                /** @description The registered version becomes the canary with this share of runs (0–100) */
                canary?: number;
                /** @description true: the registered version becomes stable at once */
                stable?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The definition as YAML or JSON text */
        requestBody: {
            content: {
                "application/json": string;
                "application/x-yaml": string;
                "application/yaml": string;
                "text/yaml": string;
            };
        };
        responses: {
            /** @description The definition is unchanged: its existing version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description False when the same definition was already this version */
                        created: boolean;
                        /** @description The workflow's labels after registering */
                        labels: {
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
            };
            /** @description A new version */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description False when the same definition was already this version */
                        created: boolean;
                        /** @description The workflow's labels after registering */
                        labels: {
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
            };
            /** @description invalid_workflow: details.errors lists every error with its path, step, line and column (or another invalid request) */
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
            /** @description The definition is larger than 1000000 bytes */
            413: {
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
    getWorkflow: {
        parameters: {
            query?: {
                /** @description A version; the latest when absent */
                version?: number;
            };
            header?: never;
            path: {
                name: string;
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
    setCanaryWorkflow: {
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
                    /** @description 0–100, an integer or one decimal */
                    percent: number;
                    version: number;
                } | {
                    /** @enum {string|null} */
                    version: null;
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
                        labels: {
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
    diffWorkflowVersions: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path: {
                name: string;
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
    pinWorkflow: {
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
                    version: number | null;
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
                        labels: {
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
    promoteWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description Optional: { version } */
        requestBody: {
            content: {
                "application/json": {
                    version?: number;
                } | null;
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
                        labels: {
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
    rollbackWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description Optional: { version } */
        requestBody: {
            content: {
                "application/json": {
                    version?: number;
                } | null;
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
                        labels: {
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
    startWorkflowRun: {
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
                    /**
                     * @description The run's inputs, checked against the workflow's inputs JSON Schema
                     * @default {}
                     */
                    inputs?: {
                        [key: string]: unknown;
                    };
                    /** @enum {string} */
                    priority?: "interactive" | "batch";
                    /** @description Run this version (else a pin, the canary by run id, or stable) */
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The run, started (kind workflow; agentName and agentVersion name the workflow and its version) */
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
            /** @description The inputs do not match the workflow's inputs schema (invalid_inputs), or the body is invalid */
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
            /** @description No such workflow, or no such version */
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
    listWorkflowVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                        labels: {
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
                        versions: {
                            createdAt: string;
                            /** @description sha256 of the canonical definition */
                            digest: string;
                            labels: ("stable" | "canary" | "pinned")[];
                            name: string;
                            version: number;
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
