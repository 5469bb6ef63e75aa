// The `usage` section of keel.yaml: how the per-tenant model metrics bound their label values.
import { z } from 'zod';

export const UsageConfigSchema = z.object({
  /**
   * Prometheus labels of `keel_model_*`: each process labels the first `maxTenants` tenants and
   * `maxModels` models it sees by name, and every later one as `other`, so a scrape's series stay
   * bounded (tenants × models × a few) however many tenants there are. Usage rows keep every name.
   */
  metrics: z
    .object({
      maxTenants: z.number().int().min(0).max(10_000).default(100),
      maxModels: z.number().int().min(0).max(1_000).default(50),
    })
    .prefault({}),
});
export type UsageConfig = z.output<typeof UsageConfigSchema>;
export type UsageConfigInput = z.input<typeof UsageConfigSchema>;
