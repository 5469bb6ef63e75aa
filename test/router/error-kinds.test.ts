// The error-kind table is the one place the router, the gateway and the model activity read.
import { describe, expect, it } from 'vitest';
import {
  ERROR_KINDS, MODEL_CALL_RETRY, RouterError, RouterErrorKindSchema, errorKindPolicy, modelFailureType, type RouterErrorKind,
} from '../../services/router';
import { routerErrorToApi } from '../../services/api/routes/gateway';

const kinds = RouterErrorKindSchema.options;

describe('error kinds table', () => {
  it('has one row per kind and nothing else', () => {
    expect(Object.keys(ERROR_KINDS).sort()).toEqual([...kinds].sort());
  });

  it('gives the gateway a 4xx or 5xx for every kind, never a 500', () => {
    const statuses = Object.fromEntries(kinds.map((k) => [k, routerErrorToApi(new RouterError(k, 'x')).statusCode]));
    expect(statuses).toEqual({
      throttled: 503, unavailable: 503, timeout: 504, connection: 502, model_not_ready: 503, model_error: 502,
      quota_exceeded: 503, context_window: 400, validation: 400, access_denied: 502, not_found: 404,
      cancelled: 499, rate_limited: 429, shed: 503, no_deployment: 503, unsupported_parameter: 400,
    });
    expect(routerErrorToApi(new RouterError('context_window', 'x')).code).toBe('context_length_exceeded');
    expect(routerErrorToApi(new RouterError('not_found', 'x')).code).toBe('model_not_found');
    expect(routerErrorToApi(new RouterError('throttled', 'x')).code).toBe('throttled');
  });

  it('retries later what can pass with time, and never a rejected request', () => {
    const later = kinds.filter((k) => errorKindPolicy(k).retryLater).sort();
    expect(later).toEqual(['connection', 'model_not_ready', 'no_deployment', 'quota_exceeded', 'rate_limited', 'shed', 'throttled', 'timeout', 'unavailable']);
    for (const k of kinds) expect(new RouterError(k, 'x').info.retryable, k).toBe(errorKindPolicy(k).retryLater);
  });

  it('fails over and counts against the breaker only for deployment trouble', () => {
    const failover = (f: string) => kinds.filter((k) => errorKindPolicy(k).failover === f).sort();
    expect(failover('any')).toEqual(['connection', 'model_error', 'model_not_ready', 'quota_exceeded', 'throttled', 'timeout', 'unavailable']);
    expect(failover('larger-context')).toEqual(['context_window']);
    const breaker = kinds.filter((k) => errorKindPolicy(k).breaker).sort();
    expect(breaker).toEqual(['connection', 'model_error', 'model_not_ready', 'throttled', 'timeout', 'unavailable']);
    for (const k of kinds) if (errorKindPolicy(k).retried) expect(errorKindPolicy(k).failover, k).toBe('any');
  });

  it('makes every kind the router does not want retried non-retryable for the model activity', () => {
    const nonRetryable = new Set(MODEL_CALL_RETRY.nonRetryableErrorTypes);
    for (const k of kinds as readonly RouterErrorKind[])
      expect(nonRetryable.has(modelFailureType(k)), k).toBe(!errorKindPolicy(k).retryLater);
    expect(MODEL_CALL_RETRY.maximumAttempts).toBeGreaterThan(0);
  });
});
