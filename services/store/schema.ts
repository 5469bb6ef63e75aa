// Row types of the platform tables, as Kysely sees them. JSON columns are text.
import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  key_hash: string;
  label: string;
  /** Space-separated scope names. */
  scopes: Generated<string>;
  created_at: string;
  revoked_at: string | null;
}

export interface DefinitionsTable {
  tenant_id: string;
  /** agent | workflow */
  kind: string;
  name: string;
  latest_version: number;
  stable_version: number;
  /** JSON array of earlier stable versions, oldest first. */
  stable_history: string;
  canary_version: number | null;
  /** The canary's share of runs in basis points (0–10000). */
  canary_bp: number | null;
  pinned_version: number | null;
  labels_rev: number;
  created_at: string;
  updated_at: string;
}

export interface DefinitionVersionsTable {
  tenant_id: string;
  kind: string;
  name: string;
  version: number;
  digest: string;
  definition: string;
  created_at: string;
}

export interface RunsTable {
  id: string;
  tenant_id: string;
  kind: string;
  agent_name: string;
  agent_version: number;
  workflow_id: string;
  status: string;
  /** The run event id `status` was recorded at (0: set when the run was created). */
  status_event_id: Generated<number>;
  input: string;
  result: string | null;
  error: string | null;
  usage: string | null;
  steps: string | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
  /** The run this one replays, and the replay's spec (JSON). */
  replay_of: string | null;
  replay: string | null;
  /** Set on a conversation's turns: the conversation and the turn's number (from 1). */
  conversation_id: string | null;
  turn: number | null;
  /** The run that called this one (a child agent's run), and where (JSON). */
  parent_run_id: Generated<string | null>;
  parent: Generated<string | null>;
  /** Why the run got its version: stable | canary | pinned | requested | resumed (null: runs from before versions had labels). */
  version_reason: Generated<string | null>;
  /** The failed run a registered workflow's run resumes. */
  resumed_from: Generated<string | null>;
  started_by: Generated<string | null>;
}

export interface ConversationsTable {
  id: string;
  tenant_id: string;
  agent_name: string;
  agent_version: number;
  workflow_id: string;
  /** open | expired | closed */
  status: string;
  idle_seconds: number;
  turns: Generated<number>;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  type: string;
  data: string;
  created_at: string;
}

export interface RunStepsTable {
  run_id: string;
  idx: number;
  data: string;
  updated_at: string;
}

/** A fixed-window counter: request rates, token quotas, daily caps (migration 012). */
export interface LimitCountersTable {
  tenant_id: string;
  kind: string;
  window_start: string;
  /** bigint: PostgreSQL returns it as a string. */
  value: number | string;
  expires_at: string;
}

/** One model call's usage and cost (migration 012). */
export interface ModelUsageTable {
  id: string;
  tenant_id: string;
  source: string;
  run_id: string | null;
  agent: string | null;
  workflow: string | null;
  model: string;
  deployment: string | null;
  provider: string | null;
  day: string;
  input_tokens: number | string;
  output_tokens: number | string;
  total_tokens: number | string;
  cost_usd: number;
  at: string;
}

export interface ConsoleSessionsTable {
  /** SHA-256 of the session id in the cookie. */
  id_hash: string;
  api_key_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  definitions: DefinitionsTable;
  definition_versions: DefinitionVersionsTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  run_steps: RunStepsTable;
  conversations: ConversationsTable;
  limit_counters: LimitCountersTable;
  model_usage: ModelUsageTable;
  console_sessions: ConsoleSessionsTable;
}

export type { Generated };
