// Usage and cost of model calls: recorded once per call (services/store `model_usage`), counted
// in per-tenant Prometheus metrics with bounded labels, and reported per tenant over UTC days.
export { usageRecorder, type ModelCallOutcome, type ModelCallUsage, type UsageRecorder } from './recorder';
export { usageReport, resolveUsageQuery, USAGE_MAX_DAYS, USAGE_DEFAULT_DAYS, type UsageReporter } from './report';
export { usageMetrics, BoundedLabel, OTHER_LABEL, type UsageMetrics } from './metrics';
export { UsageConfigSchema, type UsageConfig, type UsageConfigInput } from './config';
export * from './types';
