// The local trace store: one SQLite file (default `.keel/traces.sqlite`) holding traces and
// observations in the local shape as JSON, upserted by id. Used when Langfuse is not configured
// and written alongside it otherwise, so replay works offline.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ObservationSchema, TraceSchema, type Observation, type Trace, type TraceWithObservations } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  start_time TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_by_tenant ON traces (tenant_id, start_time);
CREATE INDEX IF NOT EXISTS traces_by_workflow ON traces (workflow_id);
CREATE TABLE IF NOT EXISTS observations (
  id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  start_time TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (trace_id, id)
);
`;

export interface TraceSummary {
  id: string;
  tenantId: string;
  workflowId: string;
  startTime: string;
}

export class LocalTraceStore {
  private readonly db: Database.Database;
  private readonly upsertTraceStmt: Database.Statement;
  private readonly upsertObservationStmt: Database.Statement;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.upsertTraceStmt = this.db.prepare(
      `INSERT INTO traces (id, tenant_id, workflow_id, start_time, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, workflow_id = excluded.workflow_id,
         start_time = excluded.start_time, body = excluded.body`,
    );
    this.upsertObservationStmt = this.db.prepare(
      `INSERT INTO observations (id, trace_id, start_time, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (trace_id, id) DO UPDATE SET start_time = excluded.start_time, body = excluded.body`,
    );
  }

  /** Writes a batch in one transaction (one fsync on WAL checkpoints, not one per record). */
  writeBatch(traces: Trace[], observations: Observation[]): void {
    this.db.transaction(() => {
      for (const t of traces) this.upsertTraceStmt.run(t.id, t.tenantId, t.workflowId, t.startTime, JSON.stringify(t));
      for (const o of observations) this.upsertObservationStmt.run(o.id, o.traceId, o.startTime, JSON.stringify(o));
    })();
  }

  readTrace(traceId: string): TraceWithObservations | null {
    const row = this.db.prepare('SELECT body FROM traces WHERE id = ?').get(traceId) as { body: string } | undefined;
    if (!row) return null;
    const rows = this.db
      .prepare('SELECT body FROM observations WHERE trace_id = ? ORDER BY start_time, rowid')
      .all(traceId) as Array<{ body: string }>;
    return {
      trace: TraceSchema.parse(JSON.parse(row.body)),
      observations: rows.map((r) => ObservationSchema.parse(JSON.parse(r.body))),
    };
  }

  listTraces(filter: { tenantId?: string; workflowId?: string; limit?: number } = {}): TraceSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.tenantId) (where.push('tenant_id = ?'), params.push(filter.tenantId));
    if (filter.workflowId) (where.push('workflow_id = ?'), params.push(filter.workflowId));
    const sql = `SELECT id, tenant_id AS tenantId, workflow_id AS workflowId, start_time AS startTime FROM traces
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_time DESC LIMIT ?`;
    return this.db.prepare(sql).all(...params, filter.limit ?? 100) as TraceSummary[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
