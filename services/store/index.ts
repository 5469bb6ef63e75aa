// Platform state in SQL: one query layer (Kysely) over SQLite (default) or PostgreSQL.
import { openDb, type Db } from './db';
import { tenantRepo } from './tenants';
import { agentRepo } from './agents';
import { definitionRepo } from './definitions';
import { runRepo } from './runs';
import { conversationRepo } from './conversations';
import { consoleSessionRepo } from './console-sessions';

export interface Store {
  db: Db;
  tenants: ReturnType<typeof tenantRepo>;
  agents: ReturnType<typeof agentRepo>;
  /** Versioned definitions of every kind (agent, workflow) and their traffic labels. */
  definitions: ReturnType<typeof definitionRepo>;
  runs: ReturnType<typeof runRepo>;
  conversations: ReturnType<typeof conversationRepo>;
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
    consoleSessions: consoleSessionRepo(db),
    close: () => db.destroy(),
  };
}

export type { Db } from './db';
export type { RunRecord, RunListQuery, RunStatusReason, StoredEvent, ReplayLink, ParentRunLink } from './runs';
export { encodeCursor, decodeCursor, pageOf, InvalidCursorError, type CursorKey } from './cursor';
export type { ConversationRecord } from './conversations';
export type { AgentVersionRecord, AgentSummary } from './agents';
export type { TenantRecord, ApiKeyRecord } from './tenants';
export type { ConsoleSession } from './console-sessions';
export { definitionDigest, LabelsContendedError } from './definitions';
export type { DefinitionVersionRecord, DefinitionLabels, DefinitionSummary } from './definitions';
