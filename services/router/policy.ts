// The one table of router error kinds: for each kind, what the router does within a call
// (fail over, another round, breaker) and what the layers above do with it (the gateway's HTTP
// status, whether a model activity is retried later). Pure, so workflows import it for their
// activity retry policy. "Who retries what" in README.md explains the budget.
import type { RouterErrorKind } from './types';

export interface ErrorKindPolicy {
  /**
   * Whether the call moves on to another deployment: `any` one not tried yet (same tier, then
   * fallbacks), only ones with a `larger-context` window, or `none` (the call ends here).
   */
  failover: 'any' | 'larger-context' | 'none';
  /** Once every candidate failed, another round over the same deployments may follow (backoff, Retry-After). */
  retried: boolean;
  /** Counts as a failure of the deployment for its circuit breaker; every other kind is neutral. */
  breaker: boolean;
  /** The status the gateway answers with (never a 500). */
  httpStatus: number;
  /** The gateway's error code, when OpenAI clients know the failure by another name than the kind. */
  apiCode?: string;
  /**
   * Whether the whole call may succeed if tried again later, after the router has used its own
   * attempts: the model activity's Temporal retry, an HTTP client honouring Retry-After.
   */
  retryLater: boolean;
}

const transient = (httpStatus: number, overrides: Partial<ErrorKindPolicy> = {}): ErrorKindPolicy =>
  ({ failover: 'any', retried: true, breaker: true, httpStatus, retryLater: true, ...overrides });
const final = (httpStatus: number, retryLater: boolean, apiCode?: string): ErrorKindPolicy =>
  ({ failover: 'none', retried: false, breaker: false, httpStatus, retryLater, ...(apiCode ? { apiCode } : {}) });

export const ERROR_KINDS: Readonly<Record<RouterErrorKind, ErrorKindPolicy>> = {
  // The deployment is overloaded, down or slow: try another now, and the call again later.
  throttled: transient(503),
  unavailable: transient(503),
  timeout: transient(504),
  connection: transient(502),
  model_not_ready: transient(503),
  // An account quota, not the deployment's health: other deployments may have room.
  quota_exceeded: transient(503, { breaker: false }),
  // The model failed on this request on every deployment tried: the router's attempts suffice.
  model_error: transient(502, { retryLater: false }),
  // The prompt is too long for this deployment; only a larger one can help.
  context_window: { failover: 'larger-context', retried: false, breaker: false, httpStatus: 400, apiCode: 'context_length_exceeded', retryLater: false },
  validation: final(400, false),
  access_denied: final(502, false),
  not_found: final(404, false, 'model_not_found'),
  cancelled: final(499, false),
  // Tenant limits and batch shedding: later, after `retryAfterS`.
  rate_limited: final(429, true),
  shed: final(503, true),
  // Every deployment's breaker is open: they cool down and half-open.
  no_deployment: final(503, true),
};

export const errorKindPolicy = (kind: RouterErrorKind): ErrorKindPolicy => ERROR_KINDS[kind];

/** The Temporal failure type a model activity raises for a router failure of `kind`. */
export const modelFailureType = (kind: RouterErrorKind): string => `Model_${kind}`;

/**
 * The retry policy `callModel` had before the outage window (workflow histories recorded before
 * the `model-outage-window` patch replay with it): a few attempts, seconds apart.
 */
export const MODEL_CALL_RETRY = {
  initialInterval: '1 second' as const,
  backoffCoefficient: 2,
  maximumAttempts: 3,
  nonRetryableErrorTypes: (Object.keys(ERROR_KINDS) as RouterErrorKind[]).filter((k) => !ERROR_KINDS[k].retryLater).map(modelFailureType),
};

/** The failure type, and a failed run's error code, when no model answered within the outage window. */
export const NO_MODEL_REACHABLE = 'no_model_reachable';

/** How long a model call rides out an outage, and the longest pause between its attempts. */
export interface ModelOutagePolicy {
  windowSeconds: number;
  maxIntervalSeconds: number;
}

export const MODEL_OUTAGE_DEFAULTS: ModelOutagePolicy = { windowSeconds: 900, maxIntervalSeconds: 30 };

/**
 * The retry policy of an activity that makes one router call (`callModel`, an ingestion batch's
 * embeddings). Kinds the router has already retried as far as it makes sense are non-retryable;
 * the rest are tried again with exponential backoff capped at `maxIntervalSeconds`, with no
 * attempt limit: the activity itself ends the wait once the next attempt would start after the
 * window (`modelRetryDelayMs`, `outageWindowPassed`) and fails with `no_model_reachable`.
 */
export function modelCallRetry(outage: ModelOutagePolicy) {
  return {
    initialInterval: '1 second' as const,
    backoffCoefficient: 2,
    maximumInterval: `${outage.maxIntervalSeconds} seconds` as const,
    nonRetryableErrorTypes: [...MODEL_CALL_RETRY.nonRetryableErrorTypes, NO_MODEL_REACHABLE],
  };
}

/**
 * The pause before attempt `attempt + 1`: the policy's backoff, or the failure's Retry-After
 * (an open breaker's cooldown, a rate limit) when that is longer, never above the cap.
 */
export function modelRetryDelayMs(attempt: number, outage: ModelOutagePolicy, retryAfterS?: number): number {
  const backoff = 1000 * 2 ** Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(Math.max(backoff, (retryAfterS ?? 0) * 1000), outage.maxIntervalSeconds * 1000);
}

/** Whether an attempt started `nextAttemptAt` would begin after the window opened at `firstScheduledAt`. */
export const outageWindowPassed = (firstScheduledAt: number, nextAttemptAt: number, outage: ModelOutagePolicy): boolean =>
  nextAttemptAt - firstScheduledAt > outage.windowSeconds * 1000;

/**
 * Attempts whose pauses (`modelRetryDelayMs` without Retry-After) add up to at least the window:
 * the `maximumAttempts` of an activity that cannot measure the window itself (an ingestion batch,
 * whose own work would count against it).
 */
export function attemptsCoveringWindow(outage: ModelOutagePolicy): number {
  let waited = 0;
  let attempts = 1;
  while (waited < outage.windowSeconds * 1000) waited += modelRetryDelayMs(attempts++, outage);
  return attempts;
}
