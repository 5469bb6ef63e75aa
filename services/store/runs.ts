// Run records: created when the API starts a run, kept at the run's live status by the workflow's
// activities (running, awaiting_approval, …) and completed by its last one. The one source of a
// run's status.
import type { Db } from './db';
import { decodeCursor, pageOf } from './cursor';

/** What a run record keeps about a replay: the original run, its trace, the mode and overrides (services/replay gives them meaning). */
export interface ReplayLink {
  of: string;
  traceId: string;
  mode: string;
  from: string;
  model?: string;
  agentVersion?: number;
}

/** Where a child agent's run was called: the parent run, its workflow, the step and the call's place in it. */
export interface ParentRunLink {
  runId: string;
  workflowId: string;
  step: number;
  callIndex: number;
}

export interface RunRecord {
  id: string;
  tenantId: string;
  kind: string;
  agentName: string;
  agentVersion: number;
  /** Why the run got its version: stable | canary | pinned | requested; null for runs from before version labels. */
  versionReason: string | null;
  workflowId: string;
  status: string;
  /** Why the run is in its status, while it waits for a model: since when, and each deployment's last failure. */
  statusReason: RunStatusReason | null;
  input: string;
  outcome: unknown;
  usage: unknown;
  steps: unknown[];
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  /** The run this one replays (its id), and how (mode, trace, overrides). */
  replayOf: string | null;
  replay: ReplayLink | null;
  /** Set on a conversation's turns. */
  conversationId: string | null;
  turn: number | null;
  /** The run that called this one, when it is a child agent's run. */
  parentRunId: string | null;
  parent: ParentRunLink | null;
  /** The failed run this registered workflow's run resumes (POST /v1/runs/:id/resume). */
  resumedFrom: string | null;
  /** Who started it: the API key's id, or `keel` (Keel itself); null for child runs, scheduled runs and runs from before. */
  startedBy: string | null;
}

export interface RunStatusReason {
  since: string;
  message: string;
  reasons: Array<{ deployment: string; reason: string }>;
}

export interface RunListQuery {
  limit: number;
  cursor?: string;
  agent?: string;
  status?: string;
  startedBy?: string;
}

export interface StoredEvent {
  id: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

type Row = {
  id: string; tenant_id: string; kind: string; agent_name: string; agent_version: number; workflow_id: string;
  status: string; input: string; error: string | null; result: string | null; usage: string | null; steps: string | null;
  created_at: string; updated_at: string; ended_at: string | null; replay_of: string | null; replay: string | null; version_reason: string | null;
  conversation_id: string | null; turn: number | null;
  parent_run_id: string | null; parent: string | null; resumed_from: string | null; started_by?: string | null;
};

const toRecord = (r: Row): RunRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  agentName: r.agent_name,
  agentVersion: r.agent_version,
  versionReason: r.version_reason,
  workflowId: r.workflow_id,
  status: r.status,
  // The column was the run's unused error field; it holds why the run waits (JSON) while it does.
  statusReason: r.error ? JSON.parse(r.error) : null,
  input: r.input,
  outcome: r.result ? JSON.parse(r.result) : null,
  usage: r.usage ? JSON.parse(r.usage) : null,
  steps: r.steps ? JSON.parse(r.steps) : [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  endedAt: r.ended_at,
  replayOf: r.replay_of,
  replay: r.replay ? JSON.parse(r.replay) : null,
  conversationId: r.conversation_id,
  turn: r.turn,
  parentRunId: r.parent_run_id,
  parent: r.parent ? JSON.parse(r.parent) : null,
  resumedFrom: r.resumed_from ?? null,
  startedBy: r.started_by ?? null,
});

const MAX_SEQ = 2_147_483_647;

export function runRepo(db: Db) {
  return {
    async create(r: {
      id: string; tenantId: string; kind: string; agentName: string; agentVersion: number; workflowId: string; input: string; status: string;
      versionReason?: string; replay?: ReplayLink; parent?: ParentRunLink; resumedFrom?: string; startedBy?: string;
      conversation?: { id: string; turn: number };
    }): Promise<RunRecord> {
      const now = new Date().toISOString();
      const row = await db.insertInto('runs').values({
        id: r.id, tenant_id: r.tenantId, kind: r.kind, agent_name: r.agentName, agent_version: r.agentVersion,
        workflow_id: r.workflowId, status: r.status, input: r.input, result: null, error: null, usage: null, steps: null,
        created_at: now, updated_at: now, ended_at: null,
        replay_of: r.replay?.of ?? null, replay: r.replay ? JSON.stringify(r.replay) : null, version_reason: r.versionReason ?? null,
        conversation_id: r.conversation?.id ?? null, turn: r.conversation?.turn ?? null,
        parent_run_id: r.parent?.runId ?? null, parent: r.parent ? JSON.stringify(r.parent) : null,
        ...(r.resumedFrom ? { resumed_from: r.resumedFrom } : {}),
        ...(r.startedBy ? { started_by: r.startedBy } : {}),
      }).returningAll().executeTakeFirstOrThrow();
      return toRecord(row);
    },

    /** The runs `parentRunId` called (child agents' runs), oldest first; `active`: those not ended. */
    async children(tenantId: string, parentRunId: string, opts: { active?: boolean } = {}): Promise<RunRecord[]> {
      let q = db.selectFrom('runs').selectAll().where('tenant_id', '=', tenantId).where('parent_run_id', '=', parentRunId);
      if (opts.active) q = q.where('ended_at', 'is', null);
      const rows = await q.orderBy('created_at').orderBy('id').limit(200).execute();
      return rows.map(toRecord);
    },

    /**
     * Records a live status as of run event `asOfEventId`. Idempotent and ordered: a write as old
     * as the stored one or older (a retry, a late attempt) or one after the run ended changes nothing.
     */
    async recordStatus(id: string, status: string, asOfEventId: number) {
      await db.updateTable('runs').set({ status, status_event_id: asOfEventId, error: null, updated_at: new Date().toISOString() })
        .where('id', '=', id).where('status_event_id', '<', asOfEventId).where('ended_at', 'is', null)
        .execute();
    },

    /**
     * Records that the model call begun at run event `asOfEventId` is waiting for a model, and why.
     * Every attempt of that call writes at the same event id (each replacing the reason); the
     * workflow's next status write, at a later event, supersedes them all.
     */
    async recordModelWait(id: string, asOfEventId: number, reason: RunStatusReason) {
      await db.updateTable('runs')
        .set({ status: 'waiting_for_model', status_event_id: asOfEventId, error: JSON.stringify(reason), updated_at: new Date().toISOString() })
        .where('id', '=', id).where('ended_at', 'is', null)
        .where((eb) => eb.or([
          eb('status_event_id', '<', asOfEventId),
          eb.and([eb('status_event_id', '=', asOfEventId), eb('status', '=', 'waiting_for_model')]),
        ]))
        .execute();
    },

    /** Only the owning tenant ever gets a run back; `steps: false` skips reading the steps recorded as they go. */
    async get(tenantId: string, id: string, opts: { steps?: boolean } = {}): Promise<RunRecord | undefined> {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
      if (!row) return undefined;
      const record = toRecord(row);
      if (opts.steps === false) return record;
      // Runs that record their steps as they go keep them in run_steps, not in the runs row.
      const steps = await db.selectFrom('run_steps').select('data').where('run_id', '=', id).orderBy('idx').execute();
      return steps.length > 0 ? { ...record, steps: steps.map((s) => JSON.parse(s.data)) } : record;
    },

    /**
     * What a run did since its last write: new events (idempotent by id), steps started or finished
     * (each replacing its earlier row), and the usage so far. Retries and late attempts are harmless.
     */
    async recordProgress(runId: string, p: { events: StoredEvent[]; steps: Array<{ index: number }>; usage?: unknown }) {
      const now = new Date().toISOString();
      await db.transaction().execute(async (tx) => {
        if (p.events.length > 0) {
          await tx.insertInto('run_events')
            .values(p.events.map((e) => ({ run_id: runId, seq: e.id, type: e.type, data: JSON.stringify(e.data), created_at: e.at })))
            .onConflict((oc) => oc.columns(['run_id', 'seq']).doNothing())
            .execute();
        }
        if (p.steps.length > 0) {
          await tx.insertInto('run_steps')
            .values(p.steps.map((step) => ({ run_id: runId, idx: step.index, data: JSON.stringify(step), updated_at: now })))
            .onConflict((oc) => oc.columns(['run_id', 'idx']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), updated_at: eb.ref('excluded.updated_at') })))
            .execute();
        }
        if (p.usage !== undefined) {
          await tx.updateTable('runs').set({ usage: JSON.stringify(p.usage), updated_at: now })
            .where('id', '=', runId).where('ended_at', 'is', null).execute();
        }
      });
    },

    /** Newest first, a page at a time; throws InvalidCursorError for a cursor it did not issue. */
    async list(tenantId: string, opts: RunListQuery): Promise<{ runs: RunRecord[]; nextCursor: string | null }> {
      let q = db.selectFrom('runs').selectAll().where('tenant_id', '=', tenantId);
      if (opts.agent) q = q.where('agent_name', '=', opts.agent);
      if (opts.status) q = q.where('status', '=', opts.status);
      if (opts.startedBy) q = q.where('started_by', '=', opts.startedBy);
      if (opts.cursor) {
        const c = decodeCursor(opts.cursor);
        q = q.where((eb) => eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
      const page = pageOf(rows.map(toRecord), opts.limit, (r) => ({ at: r.createdAt, id: r.id }));
      return { runs: page.items, nextCursor: page.nextCursor };
    },

    /** A conversation's turns, in order. */
    async turns(tenantId: string, conversationId: string): Promise<RunRecord[]> {
      const rows = await db.selectFrom('runs').selectAll().where('tenant_id', '=', tenantId).where('conversation_id', '=', conversationId)
        .orderBy('turn').execute();
      return rows.map(toRecord);
    },

    /** A run whose workflow could not be started ends failed with `start_failed`. */
    async failStart(id: string, message: string) {
      await this.complete(id, { status: 'failed', outcome: { status: 'failed', error: { code: 'start_failed', message } }, usage: null, steps: [] });
    },

    async complete(id: string, r: { status: string; outcome: unknown; usage: unknown; steps: unknown[] }) {
      const now = new Date().toISOString();
      await db.updateTable('runs').set({
        status: r.status, error: null, result: JSON.stringify(r.outcome), usage: JSON.stringify(r.usage), steps: JSON.stringify(r.steps),
        updated_at: now, ended_at: now,
      }).where('id', '=', id).execute();
    },

    /** Idempotent: an event id already stored is left as it is (activities may be retried). */
    async appendEvents(runId: string, events: StoredEvent[]) {
      if (events.length === 0) return;
      await db.insertInto('run_events')
        .values(events.map((e) => ({ run_id: runId, seq: e.id, type: e.type, data: JSON.stringify(e.data), created_at: e.at })))
        .onConflict((oc) => oc.columns(['run_id', 'seq']).doNothing())
        .execute();
    },

    async events(runId: string, afterId: number, limit = 1000): Promise<StoredEvent[]> {
      // `seq` is a 32-bit integer on PostgreSQL, which refuses a larger parameter (a client's
      // Last-Event-ID, "after every event"): past the largest id nothing follows anyway.
      if (afterId >= MAX_SEQ) return [];
      const rows = await db.selectFrom('run_events').selectAll().where('run_id', '=', runId).where('seq', '>', afterId)
        .orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({ id: r.seq, type: r.type, at: r.created_at, data: JSON.parse(r.data) }));
    },
  };
}
