// Platform state in SQL: one query layer (Kysely) over SQLite (default) or PostgreSQL.
import { openDb, type Db } from './db';
import { tenantRepo } from './tenants';
import { agentRepo } from './agents';
import { definitionRepo } from './definitions';
import { runRepo } from './runs';
import { conversationRepo } from './conversations';
import { counterRepo } from './counters';
import { usageRepo } from './usage';
import { consoleSessionRepo } from './console-sessions';

export interface Store {
  db: Db;
  tenants: ReturnType<typeof tenantRepo>;
  agents: ReturnType<typeof agentRepo>;
  /** Versioned definitions of every kind (agent, workflow) and their traffic labels. */
  definitions: ReturnType<typeof definitionRepo>;
  runs: ReturnType<typeof runRepo>;
  conversations: ReturnType<typeof conversationRepo>;
  /** Fixed-window counters shared by every process on the database (rate limits, quotas, daily caps). */
  counters: ReturnType<typeof counterRepo>;
  /** One row per model call: usage and cost, summed per tenant, agent, workflow, model and day. */
  usage: ReturnType<typeof usageRepo>;
  /** Browser sessions of the console (an opaque cookie id standing for an API key). */
  consoleSessions: ReturnType<typeof consoleSessionRepo>;
  close(): Promise<void>;
}

/** `url`: `sqlite:PATH` (relative to dataDir) or `postgres://…`. Runs pending migrations. */
export async function openStore(url: string, dataDir: string): Promise<Store> {
  const db = await openDb(url, dataDir);
  return {
    db,
    tenants: tenantRepo(db),
    agents: agentRepo(db),
    definitions: definitionRepo(db),
    runs: runRepo(db),
    conversations: conversationRepo(db),
    counters: counterRepo(db),
    usage: usageRepo(db),
    consoleSessions: consoleSessionRepo(db),
    close: () => db.destroy(),
  };
}

export type { Db } from './db';
export type { RunRecord, RunListQuery, RunStatusReason, StoredEvent, ReplayLink, ParentRunLink } from './runs';
export { encodeCursor, decodeCursor, pageOf, InvalidCursorError, type CursorKey } from './cursor';
export type { ConversationRecord } from './conversations';
export type { CounterWindow, CounterRepo } from './counters';
export type { ModelUsageRecord, UsageGroupKey, UsageSummaryQuery, UsageSummaryRow, UsageSums, UsageRepo } from './usage';
export type { AgentVersionRecord, AgentSummary } from './agents';
export type { TenantRecord, ApiKeyRecord } from './tenants';
export type { ConsoleSession } from './console-sessions';
export { definitionDigest, LabelsContendedError } from './definitions';
export type { DefinitionVersionRecord, DefinitionLabels, DefinitionSummary } from './definitions';
