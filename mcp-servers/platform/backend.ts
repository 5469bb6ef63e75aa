// What the platform tools need from Keel, for one tenant: in-process (served at /mcp on the
// API, tenant from the API key) or over the HTTP API (standalone, tenant from KEEL_API_KEY).
import type { AgentRegistry, RunService } from '../../services/agents';

export interface AgentSummaryView {
  name: string;
  latestVersion: number;
  description?: string;
}

export interface RunView {
  id: string;
  status: string;
  agentName: string;
  agentVersion: number;
  outcome: unknown;
  usage: unknown;
  steps: unknown[];
  pendingApprovals?: unknown[];
  createdAt: string;
  endedAt: string | null;
}

export interface PlatformBackend {
  listAgents(): Promise<AgentSummaryView[]>;
  startRun(req: { agent: string; version?: number; input: string }): Promise<RunView>;
  getRun(id: string): Promise<RunView>;
}

/** A failure the caller (the model) can act on: reported as a tool error. */
export class PlatformToolError extends Error {}

const MAX_LISTED = 200;

export function inProcessBackend(deps: { registry: AgentRegistry; runs: RunService }, tenantId: string): PlatformBackend {
  const asToolError = (err: unknown): never => {
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) throw new PlatformToolError((err as Error).message);
    throw err;
  };
  return {
    async listAgents() {
      const agents = (await deps.registry.list(tenantId)).slice(0, MAX_LISTED);
      return Promise.all(
        agents.map(async (a) => {
          const latest = await deps.registry.get(tenantId, a.name).catch(() => undefined);
          return { name: a.name, latestVersion: a.latestVersion, description: latest?.definition.description };
        }),
      );
    },
    startRun: (req) => deps.runs.start(tenantId, req).then(view, asToolError),
    getRun: (id) => deps.runs.get(tenantId, id).then(view, asToolError),
  };
}

export function httpBackend(baseUrl: string, apiKey: string): PlatformBackend {
  const base = baseUrl.replace(/\/$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (res.status >= 400 && res.status < 500) throw new PlatformToolError(json.error?.message ?? `HTTP ${res.status}`);
    if (!res.ok) throw new Error(`Keel API ${method} ${path}: HTTP ${res.status} ${json.error?.message ?? ''}`);
    return json as T;
  }
  return {
    async listAgents() {
      const { agents } = await call<{ agents: Array<{ name: string; latestVersion: number }> }>('GET', '/v1/agents');
      return Promise.all(
        agents.slice(0, MAX_LISTED).map(async (a) => {
          const latest = await call<{ definition?: { description?: string } }>('GET', `/v1/agents/${encodeURIComponent(a.name)}`).catch(() => undefined);
          return { name: a.name, latestVersion: a.latestVersion, description: latest?.definition?.description };
        }),
      );
    },
    startRun: (req) => call<RunView>('POST', '/v1/runs', req).then(view),
    getRun: (id) => call<RunView>('GET', `/v1/runs/${encodeURIComponent(id)}`).then(view),
  };
}

function view(r: RunView): RunView {
  return {
    id: r.id,
    status: r.status,
    agentName: r.agentName,
    agentVersion: r.agentVersion,
    outcome: r.outcome ?? null,
    usage: r.usage ?? null,
    steps: r.steps ?? [],
    pendingApprovals: r.pendingApprovals ?? [],
    createdAt: r.createdAt,
    endedAt: r.endedAt ?? null,
  };
}
