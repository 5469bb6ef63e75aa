// Records one model call's usage: its row in the store (once per call id) and, when this write
// added it, the per-tenant model metrics, so neither counts a retried call twice.
import type { ModelUsageRecord, UsageRepo } from '../store';
import type { UsageMetrics } from './metrics';

/** What a routed call answered with (a ChatResponse has these). */
export interface ModelCallOutcome {
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  servedBy: { logicalModel: string; deployment: string; provider: string };
  costUsd: number;
}

/** A call's id (stable per call: a run's call keeps it across activity retries; the gateway's is its response id) and whose it is. */
export type ModelCallUsage = Pick<ModelUsageRecord, 'id' | 'tenantId' | 'source' | 'runId' | 'agent' | 'workflow'> & { outcome: ModelCallOutcome };

export interface UsageRecorder {
  /** True when this call was recorded now, false when it already was. */
  record(call: ModelCallUsage): Promise<boolean>;
}

export function usageRecorder(deps: { usage: Pick<UsageRepo, 'record'>; metrics?: UsageMetrics; now?: () => Date }): UsageRecorder {
  const now = deps.now ?? (() => new Date());
  return {
    async record(call) {
      const { usage, servedBy, costUsd } = call.outcome;
      const row: ModelUsageRecord = {
        id: call.id, tenantId: call.tenantId, source: call.source, runId: call.runId ?? null, agent: call.agent ?? null, workflow: call.workflow ?? null,
        model: servedBy.logicalModel, deployment: servedBy.deployment, provider: servedBy.provider,
        inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens, costUsd, at: now().toISOString(),
      };
      const added = await deps.usage.record(row);
      if (added) deps.metrics?.count({ tenantId: call.tenantId, model: row.model, source: call.source, inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd });
      return added;
    },
  };
}
