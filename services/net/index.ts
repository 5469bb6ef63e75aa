// Public face of outbound networking: SSRF-safe fetching shared by MCP servers and URL ingestion.
export { safeFetch, createGuardedAgent, createGuardedFetch, SafeFetchError, SAFE_FETCH_DEFAULTS, compileHostAllowlist, type SafeFetchOptions, type SafeFetchResult, type SafeFetchErrorCode, type GuardOptions } from './safe-fetch';
export { blockedReason, allowList, refusedLiteral, BLOCKED_HOSTNAMES } from './address-policy';
export { createGuardedNodeAgents } from './guarded-agents';
