// Where a run's trace can be seen: Langfuse's UI when export is on (its /trace/:id route finds
// the project), otherwise the API's own trace route over the local store.
import { langfuseConfigured, type TracingConfig } from './config';
import { traceIdForWorkflow } from './ids';

export function traceUrlFor(config: TracingConfig, workflowId: string, apiBaseUrl?: string): { traceId: string; url: string } {
  const traceId = traceIdForWorkflow(workflowId);
  if (langfuseConfigured(config)) return { traceId, url: `${config.langfuse.baseUrl}/trace/${traceId}` };
  return { traceId, url: `${apiBaseUrl ?? ''}/v1/traces/${traceId}` };
}

/** For `keel doctor`: Langfuse's health endpoint answers and the keys are accepted. */
export async function checkLangfuse(config: TracingConfig, timeoutMs = 3000): Promise<{ ok: boolean; detail: string }> {
  if (!langfuseConfigured(config)) return { ok: false, detail: 'not configured' };
  const auth = `Basic ${Buffer.from(`${config.langfuse.publicKey}:${config.langfuse.secretKey}`).toString('base64')}`;
  try {
    const health = await fetch(`${config.langfuse.baseUrl}/api/public/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!health.ok) return { ok: false, detail: `health check answered ${health.status}` };
    const projects = await fetch(`${config.langfuse.baseUrl}/api/public/projects`, { headers: { authorization: auth }, signal: AbortSignal.timeout(timeoutMs) });
    if (projects.status === 401 || projects.status === 403) return { ok: false, detail: 'keys rejected' };
    return { ok: projects.ok, detail: projects.ok ? 'reachable, keys accepted' : `projects answered ${projects.status}` };
  } catch (err) {
    return { ok: false, detail: `unreachable: ${(err as Error).message}` };
  }
}
