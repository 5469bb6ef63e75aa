// Public face of the model router. Every model call in Keel goes through `createRouter(...)`.
import type { RouterConfig, RouterConfigInput } from './config';
import { Router, type RouterOptions } from './router';
import type { DeploymentHealth, ModelRouter } from './types';

export * from './types';
export { RouterConfigSchema, DeploymentSchema, LogicalModelSchema, type RouterConfig, type RouterConfigInput, type Deployment } from './config';
export { RouterError, toRouterErrorInfo } from './errors';
export {
  ERROR_KINDS, errorKindPolicy, modelFailureType, MODEL_CALL_RETRY, MODEL_OUTAGE_DEFAULTS, NO_MODEL_REACHABLE, modelCallRetry, modelRetryDelayMs,
  outageWindowPassed, attemptsCoveringWindow, type ErrorKindPolicy, type ModelOutagePolicy,
} from './policy';
export { estimateTokens } from './tokens';
export { MemoryUsageCounters, type UsageCounterStore } from './routing/limits';
export type { RouterOptions } from './router';
export { pushFromIterable } from './stream-adapters';
export {
  OpenAIChatRequestSchema, OpenAIEmbeddingsRequestSchema, fromOpenAIChatRequest, toOpenAIChatResponse, ChunkWriter, type OpenAIChatRequest,
} from './compat/openai';

/**
 * Builds the router from its config section (parsed here, so raw YAML input is fine).
 * openai deployments: `endpoint` is the server root (`http://host:8000`); `/v1` is optional.
 */
export function createRouter(config: RouterConfig | RouterConfigInput, opts: RouterOptions = {}): ModelRouter {
  return new Router(config, opts);
}

/** Per-deployment breaker state and load, for `keel doctor`. */
export function describeRouterHealth(router: ModelRouter): DeploymentHealth[] {
  return router.health?.() ?? [];
}

/** Breaker state plus a live reachability probe per deployment, for `keel doctor`. */
export async function checkRouterHealth(router: ModelRouter, timeoutMs = 2_000): Promise<Array<DeploymentHealth & { reachable?: boolean }>> {
  const reach = new Map((await (router.probe?.(timeoutMs) ?? Promise.resolve([]))).map((r) => [r.deployment, r.reachable]));
  return describeRouterHealth(router).map((h) => ({ ...h, reachable: reach.get(h.deployment) }));
}

/** One line per deployment, e.g. `vllm-a  openai  self-hosted  breaker=closed  in-flight=0/64`. */
export function formatRouterHealth(router: ModelRouter): string {
  return describeRouterHealth(router)
    .map((h) => `${h.deployment}  ${h.provider}:${h.model}  ${h.capacity}  breaker=${h.breaker}  in-flight=${h.inFlight}/${h.maxConcurrency}` +
      (h.engineQueue !== undefined ? `  engine-queue=${h.engineQueue}` : '') + (h.lastError ? `  last-error=${h.lastError}` : ''))
    .join('\n');
}
