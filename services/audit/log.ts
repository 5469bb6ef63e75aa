// The audit log over the platform database: append (idempotent by id) and filtered, newest-
// first listing with an opaque cursor. There is no update or delete, and the table refuses them.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decodeCursor, pageOf, type Db } from '../store';
import { maskValue } from '../tracing';
import { AuditEntryInputSchema, parseActionList, type AuditAction, type AuditEntry, type AuditEntryInput, type AuditQuery } from './types';

interface AuditLogTable {
  id: string;
  tenant_id: string;
  at: string;
  action: string;
  actor_type: string;
  actor_id: string;
  target_type: string;
  target_id: string;
  details: string;
}
type AuditDb = Kysely<{ audit_log: AuditLogTable }>;

export interface AuditLog {
  /** Stores one entry (masked); an entry whose id is already stored is left as it was. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(tenantId: string, query: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor: string | null }>;
}

const toEntry = (r: AuditLogTable): AuditEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  at: r.at,
  action: r.action as AuditAction,
  actor: { type: r.actor_type as AuditEntry['actor']['type'], id: r.actor_id },
  target: { type: r.target_type, id: r.target_id },
  details: JSON.parse(r.details) as Record<string, unknown>,
});

export function auditLog(platformDb: Db): AuditLog {
  const db = platformDb as unknown as AuditDb;
  return {
    async append(raw) {
      const e = AuditEntryInputSchema.parse(raw);
      const row: AuditLogTable = {
        id: e.id ?? `aud_${randomUUID().replace(/-/g, '')}`,
        tenant_id: e.tenantId,
        // One timestamp format, so text order is time order.
        at: (e.at ? new Date(e.at) : new Date()).toISOString(),
        action: e.action,
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        target_type: e.target.type,
        target_id: e.target.id,
        details: JSON.stringify(maskValue(e.details, { mode: 'redact' })),
      };
      // An entry already appended under this id is the one kept (and returned).
      const inserted = await db.insertInto('audit_log').values(row).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
      return toEntry(inserted ?? await db.selectFrom('audit_log').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow());
    },

    async list(tenantId, q) {
      let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
      const actions = parseActionList(q.action);
      if (actions) query = query.where('action', 'in', actions);
      if (q.actorId) query = query.where('actor_id', '=', q.actorId);
      if (q.targetType) query = query.where('target_type', '=', q.targetType);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.since) query = query.where('at', '>=', new Date(q.since).toISOString());
      if (q.until) query = query.where('at', '<', new Date(q.until).toISOString());
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        query = query.where((eb) => eb.or([eb('at', '<', c.at), eb.and([eb('at', '=', c.at), eb('id', '<', c.id)])]));
      }
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
      const page = pageOf(rows.map(toEntry), q.limit, (e) => ({ at: e.at, id: e.id }));
      return { entries: page.items, nextCursor: page.nextCursor };
    },
  };
}
