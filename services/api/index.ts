export { buildApi, type ApiDeps, type ApiServices, type ReadinessCheck } from './app';
export { ApiError, errorHandler, STATUS_BY_KIND } from './errors';
export type { Tenant } from './tenant';
export { MemoryRateLimitStore, SharedRateLimitStore, fixedWindowOf, type RateDecision, type RateLimitOptions, type RateLimitStore, type SharedCounters } from './rate-limit';
export { RateLimitConfigSchema, type RateLimitConfig, type BucketLimit } from './config';
export type { RouteScope } from './scopes';
export { runStreamHub, type RunStreamHub, type RunStreamNotice, type StoredRunEvents } from './run-streams';
export { SseWriter, encodeSseEvent, type SseEvent } from './sse';
export { buildHealthServer } from './health-server';
