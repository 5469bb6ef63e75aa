// Public face of the model router. Every model call in Keel goes through `createRouter(...)`.
import type { RouterConfig, RouterConfigInput } from './config';
import { Router, type RouterOptions } from './router';
import type { DeploymentHealth, DeploymentProbe, ModelRouter } from './types';

export * from './types';
export { RouterConfigSchema, DeploymentSchema, LogicalModelSchema, CapabilitySchema, type Capability, type RouterConfig, type RouterConfigInput, type Deployment } from './config';
export { RouterError, toRouterErrorInfo } from './errors';
export {
  ERROR_KINDS, errorKindPolicy, modelFailureType, MODEL_CALL_RETRY, MODEL_OUTAGE_DEFAULTS, NO_MODEL_REACHABLE, modelCallRetry, modelRetryDelayMs,
  outageWindowPassed, attemptsCoveringWindow, type ErrorKindPolicy, type ModelOutagePolicy,
} from './policy';
export { estimateTokens } from './tokens';
export { MemoryUsageCounters, ROUTER_COUNTERS, type UsageCounterStore, type UsageCounterWindow } from './routing/limits';
export type { RouterOptions } from './router';
export { pushFromIterable } from './stream-adapters';
export {
  OpenAIChatRequestSchema, OpenAIEmbeddingsRequestSchema, fromOpenAIChatRequest, toOpenAIChatResponse, ChunkWriter, encodeEmbedding,
  type OpenAIChatRequest, type OpenAIEmbeddingsRequest,
} from './compat/openai';
export {
  AnthropicMessagesRequestSchema, AnthropicEventWriter, AnthropicUnsupportedError, ANTHROPIC_VERSIONS, DEFAULT_ANTHROPIC_VERSION,
  fromAnthropicRequest, toAnthropicResponse, anthropicErrorType, type AnthropicMessagesRequest,
} from './compat/anthropic';
export { RequestParamError } from './compat/request-error';

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

export type DeploymentCheck = DeploymentHealth & Omit<DeploymentProbe, 'deployment'>;

/**
 * Breaker state plus a live probe per deployment, all at once within `timeoutMs`: reachable, and
 * (OpenAI-compatible servers) whether it serves the configured model. For `keel doctor` and `keel start`.
 */
export async function checkRouterHealth(router: ModelRouter, timeoutMs = 2_000): Promise<DeploymentCheck[]> {
  const probes = new Map((await (router.probe?.(timeoutMs) ?? Promise.resolve([]))).map((r) => [r.deployment, r]));
  return describeRouterHealth(router).map((h) => {
    const { deployment: _d, ...probe } = probes.get(h.deployment) ?? { deployment: h.deployment, reachable: undefined };
    return { ...h, ...probe };
  });
}

/** One line per deployment, e.g. `vllm-a  openai  self-hosted  breaker=closed  in-flight=0/64`. */
export function formatRouterHealth(router: ModelRouter): string {
  return describeRouterHealth(router)
    .map((h) => `${h.deployment}  ${h.provider}:${h.model}  ${h.capacity}  breaker=${h.breaker}  in-flight=${h.inFlight}/${h.maxConcurrency}` +
      (h.engineQueue !== undefined ? `  engine-queue=${h.engineQueue}` : '') + (h.lastError ? `  last-error=${h.lastError}` : ''))
    .join('\n');
}
