// Which deployments a call may use, in order: the logical model's own deployments, then its
// fallback hierarchy; deployments whose context window is too small are skipped, and a model
// none of whose deployments fit hands over to its context fallbacks.
import type { RouterConfig } from '../config';
import { RouterError } from '../errors';
import type { ChatRequest } from '../types';
import type { DeploymentRuntime } from './pool';
import { estimateTokens } from '../tokens';

/** What a chat template adds around each message (role markers, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** Prompt plus requested output, in estimated tokens (no tokenizer on the hot path). */
export function estimateRequestTokens(req: ChatRequest): number {
  let tokens = 0;
  for (const m of req.messages) {
    tokens += estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS;
    if (m.role === 'assistant' && m.toolCalls) for (const t of m.toolCalls) tokens += estimateTokens(t.name) + estimateTokens(JSON.stringify(t.arguments));
  }
  if (req.tools) for (const t of req.tools) tokens += estimateTokens(t.name) + estimateTokens(t.description) + estimateTokens(JSON.stringify(t.inputSchema));
  return tokens + (req.generation?.maxTokens ?? 0);
}

/** Deployments of one logical model, tried before the next tier (its fallback). */
export interface Tier {
  model: string;
  deployments: DeploymentRuntime[];
}

export function planTiers(
  cfg: RouterConfig,
  runtimes: Map<string, DeploymentRuntime>,
  model: string,
  needTokens?: number,
): Tier[] {
  const tiers: Tier[] = [];
  const seen = new Set<string>();
  let tooSmall = 0;
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const lm = cfg.models[name];
    if (!lm) {
      const direct = runtimes.get(name);
      if (direct) tiers.push({ model: name, deployments: [direct] });
      return;
    }
    const deps = lm.deployments.map((id) => runtimes.get(id)).filter((d): d is DeploymentRuntime => !!d);
    const fit = needTokens === undefined ? deps : deps.filter((d) => d.dep.contextWindow >= needTokens);
    if (fit.length) tiers.push({ model: name, deployments: fit });
    else {
      tooSmall++;
      lm.contextFallbacks.forEach(visit);
    }
    lm.fallbacks.forEach(visit);
  };
  if (!cfg.models[model] && !runtimes.has(model))
    throw new RouterError('not_found', `unknown model '${model}'`);
  visit(model);
  if (!tiers.length && tooSmall)
    throw new RouterError('context_window', `prompt of about ${needTokens} tokens (including max output) does not fit any deployment of '${model}' or its fallbacks`);
  if (!tiers.length) throw new RouterError('no_deployment', `model '${model}' has no configured deployments`);
  return tiers;
}
