// Agent definitions and their immutable versions. Registering a changed definition makes N+1;
// registering the same one again returns the version it already is.
import { createHash } from 'node:crypto';
import type { Db } from './db';

export interface AgentVersionRecord<D = unknown> {
  name: string;
  version: number;
  digest: string;
  definition: D;
  createdAt: string;
}

export interface AgentSummary {
  name: string;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** Key order does not change the digest: the same definition always hashes the same. */
export function definitionDigest(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function agentRepo(db: Db) {
  const toVersion = <D>(r: { name: string; version: number; digest: string; definition: string; created_at: string }): AgentVersionRecord<D> => ({
    name: r.name,
    version: r.version,
    digest: r.digest,
    definition: JSON.parse(r.definition) as D,
    createdAt: r.created_at,
  });

  return {
    async register<D extends { name: string }>(tenantId: string, definition: D): Promise<{ record: AgentVersionRecord<D>; created: boolean }> {
      const digest = definitionDigest(definition);
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction().execute(async (tx) => {
            const agent = await tx.selectFrom('agents').selectAll().where('tenant_id', '=', tenantId).where('name', '=', definition.name).executeTakeFirst();
            if (agent) {
              const latest = await tx
                .selectFrom('agent_versions').selectAll()
                .where('tenant_id', '=', tenantId).where('name', '=', definition.name).where('version', '=', agent.latest_version)
                .executeTakeFirstOrThrow();
              if (latest.digest === digest) return { record: toVersion<D>(latest), created: false };
            }
            const now = new Date().toISOString();
            const version = (agent?.latest_version ?? 0) + 1;
            const row = { tenant_id: tenantId, name: definition.name, version, digest, definition: JSON.stringify(definition), created_at: now };
            await tx.insertInto('agent_versions').values(row).execute();
            if (agent) {
              await tx.updateTable('agents').set({ latest_version: version, updated_at: now })
                .where('tenant_id', '=', tenantId).where('name', '=', definition.name).execute();
            } else {
              await tx.insertInto('agents').values({ tenant_id: tenantId, name: definition.name, latest_version: version, created_at: now, updated_at: now }).execute();
            }
            return { record: toVersion<D>(row), created: true };
          });
        } catch (err) {
          // Two registrations raced for the same version number: the loser tries again.
          if (attempt < 3 && /unique|duplicate|constraint/i.test((err as Error).message)) continue;
          throw err;
        }
      }
    },

    async list(tenantId: string): Promise<AgentSummary[]> {
      const rows = await db.selectFrom('agents').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
      return rows.map((r) => ({ name: r.name, latestVersion: r.latest_version, createdAt: r.created_at, updatedAt: r.updated_at }));
    },

    async version<D>(tenantId: string, name: string, version?: number): Promise<AgentVersionRecord<D> | undefined> {
      let q = db.selectFrom('agent_versions').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name);
      q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
      const row = await q.executeTakeFirst();
      return row && toVersion<D>(row);
    },

    async versions(tenantId: string, name: string): Promise<Array<Omit<AgentVersionRecord, 'definition'>>> {
      const rows = await db.selectFrom('agent_versions').select(['name', 'version', 'digest', 'created_at'])
        .where('tenant_id', '=', tenantId).where('name', '=', name).orderBy('version').execute();
      return rows.map((r) => ({ name: r.name, version: r.version, digest: r.digest, createdAt: r.created_at }));
    },
  };
}
