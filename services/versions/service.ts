// Moving traffic between the versions of a definition — promote, roll back, canary, pin — for every
// kind alike, each change audited; and which version a new run gets. Runs already going keep the
// version they started with: they carry their definition, so a label change never reaches them.
import type { Store, DefinitionLabels } from '../store';
import { LabelsContendedError } from '../store';
import type { AuditActor, AuditLog, AuditAction } from '../audit';
import { conflict, invalid, notFound } from '../errors';
import { basisPointsToPercent, percentToBasisPoints, pickVersion, type VersionPick } from './policy';
import { changedPaths, unifiedYamlDiff } from './diff';
import type { DefinitionKind, Labels, RegisterTraffic, VersionEntry } from './types';

const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

export const labelsView = (l: DefinitionLabels): Labels => ({
  stable: l.stable,
  canary: l.canary && { version: l.canary.version, percent: basisPointsToPercent(l.canary.basisPoints) },
  pinned: l.pinned,
  previousStable: l.previousStable,
});

export function versionService(deps: {
  store: Store; audit?: AuditLog;
  /** Called after every label change that was stored (a workflow's schedules follow its stable or pinned version). */
  onLabelsChanged?: (tenantId: string, kind: DefinitionKind, name: string) => Promise<unknown>;
}) {
  const { store, audit } = deps;

  async function change(
    tenantId: string, kind: DefinitionKind, name: string, actor: AuditActor,
    action: AuditAction, details: Record<string, unknown>,
    next: (labels: DefinitionLabels, latest: number) => DefinitionLabels,
  ): Promise<Labels> {
    let res;
    try {
      res = await store.definitions.updateLabels(tenantId, kind, name, next);
    } catch (err) {
      if (err instanceof LabelsContendedError) throw conflict(err.message, 'labels_contended');
      throw err;
    }
    if (!res) throw notFound(`${kind} ${name}`);
    const after = labelsView(res.after);
    await audit?.append({
      tenantId, action, actor, target: { type: kind, id: name },
      details: { name, ...details, before: labelsView(res.before), after },
    });
    await deps.onLabelsChanged?.(tenantId, kind, name);
    return after;
  }

  const mustExist = (kind: string, name: string, version: number, latest: number) => {
    if (!Number.isInteger(version) || version < 1 || version > latest) throw notFound(`${kind} ${name} version ${version}`);
  };

  const service = {
    /** The version a new run gets and why: `requested` (the run named it) > `pinned` > `canary` (by run id) > `stable`. */
    async resolve<D>(tenantId: string, kind: DefinitionKind, name: string, runId: string, requested?: number) {
      const summary = await store.definitions.summary(tenantId, kind, name);
      if (!summary) throw notFound(`${kind} ${name}`);
      const pick: VersionPick = pickVersion(summary.labels, runId, requested);
      const record = await store.definitions.version<D>(tenantId, kind, name, pick.version);
      if (!record) throw notFound(`${kind} ${name} version ${pick.version}`);
      return { record, pick };
    },

    async labels(tenantId: string, kind: DefinitionKind, name: string): Promise<Labels> {
      const summary = await store.definitions.summary(tenantId, kind, name);
      if (!summary) throw notFound(`${kind} ${name}`);
      return labelsView(summary.labels);
    },

    /** Every version, oldest first, with the labels it carries. */
    async list(tenantId: string, kind: DefinitionKind, name: string): Promise<{ labels: Labels; versions: VersionEntry[] }> {
      const labels = await service.labels(tenantId, kind, name);
      const versions = await store.definitions.versions(tenantId, kind, name);
      return {
        labels,
        versions: versions.map((v) => ({
          name: v.name, version: v.version, digest: v.digest, createdAt: v.createdAt,
          labels: [
            ...(v.version === labels.stable ? ['stable' as const] : []),
            ...(v.version === labels.canary?.version ? ['canary' as const] : []),
            ...(v.version === labels.pinned ? ['pinned' as const] : []),
          ],
        })),
      };
    },

    /** The canary (or `version`) becomes stable; the old stable is remembered for rollback; the canary is cleared. */
    async promote(tenantId: string, kind: DefinitionKind, name: string, opts: { version?: number } = {}, actor = SYSTEM) {
      return change(tenantId, kind, name, actor, `${kind}.promoted`, { version: opts.version ?? null }, (l, latest) => {
        const target = opts.version ?? l.canary?.version;
        if (target === undefined) throw conflict(`${kind} ${name} has no canary to promote: name a version`, 'no_canary');
        mustExist(kind, name, target, latest);
        if (target === l.stable) return { ...l, canary: null };
        return { ...l, stable: target, previousStable: [...l.previousStable, l.stable], canary: null };
      });
    },

    /**
     * Stable goes back to the previous stable, or to `version`; the canary is cleared. Rolling back
     * to a version that was stable before forgets the stables after it, so a second rollback goes
     * further back rather than forward again.
     */
    async rollback(tenantId: string, kind: DefinitionKind, name: string, opts: { version?: number } = {}, actor = SYSTEM) {
      return change(tenantId, kind, name, actor, `${kind}.rolled_back`, { version: opts.version ?? null }, (l, latest) => {
        if (opts.version === undefined) {
          const previous = l.previousStable.at(-1);
          if (previous === undefined) throw conflict(`${kind} ${name} has no earlier stable version to roll back to: name a version`, 'no_previous_stable');
          return { ...l, stable: previous, previousStable: l.previousStable.slice(0, -1), canary: null };
        }
        mustExist(kind, name, opts.version, latest);
        if (opts.version === l.stable) return { ...l, canary: null };
        const at = l.previousStable.lastIndexOf(opts.version);
        const previousStable = at >= 0 ? l.previousStable.slice(0, at) : [...l.previousStable, l.stable];
        return { ...l, stable: opts.version, previousStable, canary: null };
      });
    },

    /** `version` takes `percent` of new runs (0–100, one decimal); `null` clears the canary. */
    async setCanary(tenantId: string, kind: DefinitionKind, name: string, canary: { version: number; percent: number } | null, actor = SYSTEM) {
      const basisPoints = canary && percentToBasisPoints(canary.percent);
      if (canary && basisPoints === undefined) throw invalid(`canary percent must be 0–100 with at most one decimal (got ${canary.percent})`);
      return change(tenantId, kind, name, actor, `${kind}.canary_set`, { canary }, (l, latest) => {
        if (!canary) return { ...l, canary: null };
        mustExist(kind, name, canary.version, latest);
        if (canary.version === l.stable) throw invalid(`version ${canary.version} is already stable: a canary must be another version`);
        return { ...l, canary: { version: canary.version, basisPoints: basisPoints! } };
      });
    },

    /** Every new run uses `version` (over stable and canary) until unpinned with `null`. */
    async pin(tenantId: string, kind: DefinitionKind, name: string, version: number | null, actor = SYSTEM) {
      return change(tenantId, kind, name, actor, version === null ? `${kind}.unpinned` : `${kind}.pinned`, { version }, (l, latest) => {
        if (version !== null) mustExist(kind, name, version, latest);
        return { ...l, pinned: version };
      });
    },

    /** After registering a version: make it stable or a canary when the registration asked to. */
    async applyRegisterTraffic(tenantId: string, kind: DefinitionKind, name: string, version: number, traffic: RegisterTraffic, actor = SYSTEM) {
      if (traffic.stable && traffic.canary !== undefined) throw invalid('register with stable or with a canary, not both');
      if (!traffic.stable && traffic.canary === undefined) return undefined;
      // Already so (an unchanged definition registered again): nothing to change or audit.
      const now = await service.labels(tenantId, kind, name);
      if (traffic.stable) return now.stable === version && !now.canary ? now : service.promote(tenantId, kind, name, { version }, actor);
      const same = now.canary?.version === version && now.canary.percent === traffic.canary;
      return same ? now : service.setCanary(tenantId, kind, name, { version, percent: traffic.canary! }, actor);
    },

    /** What changed from one version to another: each changed JSON path, and a unified diff of the YAML. */
    async diff(tenantId: string, kind: DefinitionKind, name: string, from: number, to: number) {
      const [a, b] = await Promise.all([
        store.definitions.version(tenantId, kind, name, from),
        store.definitions.version(tenantId, kind, name, to),
      ]);
      if (!a) throw notFound(`${kind} ${name} version ${from}`);
      if (!b) throw notFound(`${kind} ${name} version ${to}`);
      return {
        name, from, to,
        changes: changedPaths(a.definition, b.definition),
        unified: unifiedYamlDiff(a.definition, b.definition, { from: `${name}@${from}`, to: `${name}@${to}` }),
      };
    },
  };
  return service;
}
export type VersionService = ReturnType<typeof versionService>;
