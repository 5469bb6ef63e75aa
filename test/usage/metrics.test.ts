// The per-tenant model metrics keep bounded label values: past the configured number of tenants
// (or models) each new one is counted as `other`, so the series stay bounded however many tenants
// call; the counts themselves stay whole.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { KeelConfigSchema } from '../../services/config';
import { BoundedLabel, usageMetrics } from '../../services/usage';

describe('usage metrics', () => {
  it('label the first tenants and models by name and the rest as other', async () => {
    const registry = new Registry();
    const metrics = usageMetrics({ maxTenants: 2, maxModels: 1 }, registry);
    for (let i = 0; i < 50; i++) metrics.count({ tenantId: `tn_${i}`, model: i % 2 ? 'fast' : 'smart', source: 'gateway', inputTokens: 10, outputTokens: 1, costUsd: 0.5 });
    metrics.count({ tenantId: 'tn_0', model: 'smart', source: 'run', inputTokens: 10, outputTokens: 1, costUsd: 0.5 });
    const calls = (await registry.getSingleMetric('keel_model_calls_total')!.get()).values;
    expect(new Set(calls.map((v) => v.labels.tenant))).toEqual(new Set(['tn_0', 'tn_1', 'other']));
    expect(new Set(calls.map((v) => v.labels.model))).toEqual(new Set(['smart', 'other']));
    expect(calls.reduce((n, v) => n + v.value, 0)).toBe(51);
    const tokens = (await registry.getSingleMetric('keel_model_tokens_total')!.get()).values;
    expect(tokens.filter((v) => v.labels.direction === 'input').reduce((n, v) => n + v.value, 0)).toBe(510);
    const cost = (await registry.getSingleMetric('keel_model_cost_usd_total')!.get()).values;
    expect(cost.reduce((n, v) => n + v.value, 0)).toBeCloseTo(25.5, 9);
    // A second recorder on the same registry shares the bound.
    usageMetrics({ maxTenants: 2, maxModels: 1 }, registry).count({ tenantId: 'tn_new', model: 'smart', source: 'run', inputTokens: 1, outputTokens: 0, costUsd: 0 });
    const after = (await registry.getSingleMetric('keel_model_calls_total')!.get()).values;
    expect(after.some((v) => v.labels.tenant === 'tn_new')).toBe(false);
  });

  it('keeps a bounded label set', () => {
    const label = new BoundedLabel(3);
    expect(['a', 'b', 'c', 'd', 'a', 'e'].map((v) => label.of(v))).toEqual(['a', 'b', 'c', 'other', 'a', 'other']);
  });

  it('bounds 100 tenants and 50 models by default', () => {
    expect(KeelConfigSchema.parse({}).usage.metrics).toEqual({ maxTenants: 100, maxModels: 50 });
  });
});
