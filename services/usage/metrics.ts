// Prometheus metrics of model calls by tenant and model, with bounded label values: each process
// names the first N tenants and models it counts and folds the rest into `other`.
import { Counter, register as globalRegistry, type Registry } from 'prom-client';
import type { UsageConfig } from './config';

export const OTHER_LABEL = 'other';

/** Label values in first-seen order; past `max` distinct values every new one is `other`. */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER_LABEL;
    this.seen.add(value);
    return value;
  }
}

export interface UsageMetrics {
  count(call: { tenantId: string; model: string; source: string; inputTokens: number; outputTokens: number; costUsd: number }): void;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Label trackers per registry, so several recorders in one process stay within one bound. */
const labelsByRegistry = new WeakMap<Registry, { tenants: BoundedLabel; models: BoundedLabel }>();

export function usageMetrics(config: UsageConfig['metrics'], registry: Registry = globalRegistry): UsageMetrics {
  const registers = [registry];
  const calls = once(registry, 'keel_model_calls_total', () => new Counter({
    name: 'keel_model_calls_total', help: 'Model calls recorded in usage, by tenant, model (bounded: later ones are "other") and source (run or gateway)',
    labelNames: ['tenant', 'model', 'source'] as const, registers,
  }));
  const tokens = once(registry, 'keel_model_tokens_total', () => new Counter({
    name: 'keel_model_tokens_total', help: 'Tokens of recorded model calls, by tenant, model (bounded) and direction',
    labelNames: ['tenant', 'model', 'direction'] as const, registers,
  }));
  const cost = once(registry, 'keel_model_cost_usd_total', () => new Counter({
    name: 'keel_model_cost_usd_total', help: 'Cost in US dollars of recorded model calls, by tenant and model (bounded)',
    labelNames: ['tenant', 'model'] as const, registers,
  }));
  let labels = labelsByRegistry.get(registry);
  if (!labels) {
    labels = { tenants: new BoundedLabel(config.maxTenants), models: new BoundedLabel(config.maxModels) };
    labelsByRegistry.set(registry, labels);
  }
  const { tenants, models } = labels;
  return {
    count(c) {
      const tenant = tenants.of(c.tenantId);
      const model = models.of(c.model);
      calls.inc({ tenant, model, source: c.source });
      if (c.inputTokens > 0) tokens.inc({ tenant, model, direction: 'input' }, c.inputTokens);
      if (c.outputTokens > 0) tokens.inc({ tenant, model, direction: 'output' }, c.outputTokens);
      if (c.costUsd > 0) cost.inc({ tenant, model }, c.costUsd);
    },
  };
}
