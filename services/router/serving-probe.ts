// Whether a deployment's server answers and serves the model it is configured with: GET /v1/models
// on OpenAI-compatible servers (vLLM, Ollama, TGI, SGLang); where that listing is missing, the
// provider's own health probe. Diagnostics only (`keel doctor`, the `keel start` banner).
import type { Deployment } from './config';
import { baseUrlOf } from './providers/openai';
import type { DeploymentProbe } from './types';

export async function probeOpenAIDeployment(dep: Deployment, signal: AbortSignal, health?: (signal: AbortSignal) => Promise<boolean>): Promise<DeploymentProbe> {
  const key = dep.apiKeyEnv ? process.env[dep.apiKeyEnv] : undefined;
  let res: Response;
  try {
    res = await fetch(`${baseUrlOf(dep.endpoint)}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal });
  } catch (err) {
    return { deployment: dep.id, reachable: false, detail: signal.aborted ? 'no answer in time' : (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message };
  }
  const body = (await res.json().catch(() => undefined)) as { data?: Array<{ id?: unknown }> } | undefined;
  const served = Array.isArray(body?.data) ? body.data.map((m) => String(m.id)) : undefined;
  if (res.ok && served) {
    const servesModel = served.includes(dep.model);
    return { deployment: dep.id, reachable: true, servesModel, detail: servesModel ? undefined : `serves ${served.join(', ') || 'no models'}, not ${dep.model}` };
  }
  if (res.status === 401 || res.status === 403) return { deployment: dep.id, reachable: true, detail: `GET /v1/models answered ${res.status}: check ${dep.apiKeyEnv ?? 'the API key'}` };
  // No model listing on this server: whether it is up at all.
  return { deployment: dep.id, reachable: health ? await health(signal) : true, detail: `GET /v1/models answered ${res.status}` };
}
