// Conversation records: which agent version a conversation talks to, how long it may stay idle,
// and whether it is still open. Its turns are run records (runs.conversation_id).
import type { Db } from './db';

export interface ConversationRecord {
  id: string;
  tenantId: string;
  agentName: string;
  agentVersion: number;
  workflowId: string;
  status: 'open' | 'expired' | 'closed';
  idleSeconds: number;
  turns: number;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

type Row = {
  id: string; tenant_id: string; agent_name: string; agent_version: number; workflow_id: string; status: string;
  idle_seconds: number; turns: number; created_at: string; updated_at: string; ended_at: string | null;
};

const toRecord = (r: Row): ConversationRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  agentName: r.agent_name,
  agentVersion: r.agent_version,
  workflowId: r.workflow_id,
  status: r.status as ConversationRecord['status'],
  idleSeconds: r.idle_seconds,
  turns: r.turns,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  endedAt: r.ended_at,
});

export function conversationRepo(db: Db) {
  return {
    async create(c: { id: string; tenantId: string; agentName: string; agentVersion: number; workflowId: string; idleSeconds: number }) {
      const now = new Date().toISOString();
      await db.insertInto('conversations').values({
        id: c.id, tenant_id: c.tenantId, agent_name: c.agentName, agent_version: c.agentVersion, workflow_id: c.workflowId,
        status: 'open', idle_seconds: c.idleSeconds, turns: 0, created_at: now, updated_at: now, ended_at: null,
      }).execute();
    },

    /** Only the owning tenant ever gets a conversation back. */
    async get(tenantId: string, id: string): Promise<ConversationRecord | undefined> {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Counts a turn; returns its number (from 1). */
    async nextTurn(id: string): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('conversations').select('turns').where('id', '=', id).executeTakeFirstOrThrow();
        const turn = row.turns + 1;
        await tx.updateTable('conversations').set({ turns: turn, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
        return turn;
      });
    },

    /** Idempotent: an ended conversation keeps its first ending. */
    async end(id: string, status: 'expired' | 'closed') {
      const now = new Date().toISOString();
      await db.updateTable('conversations').set({ status, updated_at: now, ended_at: now })
        .where('id', '=', id).where('ended_at', 'is', null).execute();
    },
  };
}
