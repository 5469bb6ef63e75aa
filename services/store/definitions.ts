// Versioned definitions of any kind (agent, workflow) and their traffic labels. Versions are
// immutable: registering a definition some version already has (same digest) returns that
// version; a new one becomes latest + 1. The first version of a name is its stable version; later
// ones get traffic only when a label moves to them (services/versions decides which and audits it).
import { createHash } from 'node:crypto';
import type { Db } from './db';

export interface DefinitionVersionRecord<D = unknown> {
  kind: string;
  name: string;
  version: number;
  digest: string;
  definition: D;
  createdAt: string;
}

/** Which version runs get: pinned wins, else the canary takes `canary.basisPoints` of runs, else stable. */
export interface DefinitionLabels {
  stable: number;
  /** Stables before the current one, oldest first: rollback returns to the last. */
  previousStable: number[];
  canary: { version: number; basisPoints: number } | null;
  pinned: number | null;
}

export interface DefinitionSummary {
  kind: string;
  name: string;
  latestVersion: number;
  labels: DefinitionLabels;
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

/** Thrown by `updateLabels` when another change won the race too many times in a row. */
export class LabelsContendedError extends Error {}

type VersionRow = { kind: string; name: string; version: number; digest: string; definition: string; created_at: string };
type DefinitionRow = {
  kind: string; name: string; latest_version: number; stable_version: number; stable_history: string;
  canary_version: number | null; canary_bp: number | null; pinned_version: number | null; labels_rev: number;
  created_at: string; updated_at: string;
};

const toVersion = <D>(r: VersionRow): DefinitionVersionRecord<D> => ({
  kind: r.kind, name: r.name, version: r.version, digest: r.digest, definition: JSON.parse(r.definition) as D, createdAt: r.created_at,
});

const labelsOf = (r: DefinitionRow): DefinitionLabels => ({
  stable: r.stable_version,
  previousStable: JSON.parse(r.stable_history) as number[],
  canary: r.canary_version === null ? null : { version: r.canary_version, basisPoints: r.canary_bp ?? 0 },
  pinned: r.pinned_version,
});

const toSummary = (r: DefinitionRow): DefinitionSummary => ({
  kind: r.kind, name: r.name, latestVersion: r.latest_version, labels: labelsOf(r), createdAt: r.created_at, updatedAt: r.updated_at,
});

/** How many earlier stables a name remembers for rollback. */
const STABLE_HISTORY_LIMIT = 50;

export function definitionRepo(db: Db) {
  const row = (tenantId: string, kind: string, name: string) =>
    db.selectFrom('definitions').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).executeTakeFirst();

  return {
    async register<D>(tenantId: string, kind: string, name: string, definition: D): Promise<{ record: DefinitionVersionRecord<D>; created: boolean }> {
      const digest = definitionDigest(definition);
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction().execute(async (tx) => {
            const existing = await tx.selectFrom('definition_versions').selectAll()
              .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).where('digest', '=', digest)
              .orderBy('version', 'desc').limit(1).executeTakeFirst();
            if (existing) return { record: toVersion<D>(existing), created: false };
            const def = await tx.selectFrom('definitions').select(['latest_version'])
              .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
            const now = new Date().toISOString();
            const version = (def?.latest_version ?? 0) + 1;
            const values = { tenant_id: tenantId, kind, name, version, digest, definition: JSON.stringify(definition), created_at: now };
            await tx.insertInto('definition_versions').values(values).execute();
            if (def) {
              await tx.updateTable('definitions').set({ latest_version: version, updated_at: now })
                .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).execute();
            } else {
              await tx.insertInto('definitions').values({
                tenant_id: tenantId, kind, name, latest_version: version, stable_version: version, stable_history: '[]',
                canary_version: null, canary_bp: null, pinned_version: null, labels_rev: 0, created_at: now, updated_at: now,
              }).execute();
            }
            return { record: toVersion<D>(values), created: true };
          });
        } catch (err) {
          // Two registrations raced for the same version number: the loser tries again.
          if (attempt < 3 && /unique|duplicate|constraint/i.test((err as Error).message)) continue;
          throw err;
        }
      }
    },

    async list(tenantId: string, kind: string): Promise<DefinitionSummary[]> {
      const rows = await db.selectFrom('definitions').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).orderBy('name').execute();
      return rows.map(toSummary);
    },

    /** Every name of a kind across tenants (what start-up reconciliation walks), in a stable order. */
    async names(kind: string): Promise<Array<{ tenantId: string; name: string }>> {
      const rows = await db.selectFrom('definitions').select(['tenant_id', 'name']).where('kind', '=', kind).orderBy('tenant_id').orderBy('name').execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, name: r.name }));
    },

    async summary(tenantId: string, kind: string, name: string): Promise<DefinitionSummary | undefined> {
      const r = await row(tenantId, kind, name);
      return r && toSummary(r);
    },

    /** One version, or the latest without `version`. */
    async version<D>(tenantId: string, kind: string, name: string, version?: number): Promise<DefinitionVersionRecord<D> | undefined> {
      let q = db.selectFrom('definition_versions').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name);
      q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
      const r = await q.executeTakeFirst();
      return r && toVersion<D>(r);
    },

    async versions(tenantId: string, kind: string, name: string): Promise<Array<Omit<DefinitionVersionRecord, 'definition'>>> {
      const rows = await db.selectFrom('definition_versions').select(['kind', 'name', 'version', 'digest', 'created_at'])
        .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).orderBy('version').execute();
      return rows.map((r) => ({ kind: r.kind, name: r.name, version: r.version, digest: r.digest, createdAt: r.created_at }));
    },

    /**
     * Read-modify-write of a name's labels: `change` gets the current labels and returns the new
     * ones (or throws to refuse). Compare-and-set on the labels' revision, so two concurrent
     * changes never lose one another; the loser re-reads and decides again. Undefined when the
     * name has no versions.
     */
    async updateLabels(tenantId: string, kind: string, name: string, change: (labels: DefinitionLabels, latestVersion: number) => DefinitionLabels): Promise<{ before: DefinitionLabels; after: DefinitionLabels } | undefined> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const current = await row(tenantId, kind, name);
        if (!current) return undefined;
        const before = labelsOf(current);
        const after = change(before, current.latest_version);
        const res = await db.updateTable('definitions').set({
          stable_version: after.stable,
          stable_history: JSON.stringify(after.previousStable.slice(-STABLE_HISTORY_LIMIT)),
          canary_version: after.canary?.version ?? null,
          canary_bp: after.canary?.basisPoints ?? null,
          pinned_version: after.pinned,
          labels_rev: current.labels_rev + 1,
          updated_at: new Date().toISOString(),
        }).where('tenant_id', '=', tenantId).where('kind', '=', kind).where('name', '=', name).where('labels_rev', '=', current.labels_rev)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) return { before, after: { ...after, previousStable: after.previousStable.slice(-STABLE_HISTORY_LIMIT) } };
      }
      throw new LabelsContendedError(`the labels of ${kind} ${name} kept changing underneath: try again`);
    },
  };
}
export type DefinitionRepo = ReturnType<typeof definitionRepo>;
