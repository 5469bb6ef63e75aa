// Which version of a definition a run gets: pure and deterministic, so the same run id always
// lands on the same side of a canary split (a retried start, a replay, a resumed run agree).
// No Node built-ins: workflow code may import it.

/** The traffic labels of a name (services/store DefinitionLabels, restated so this file stays pure). */
export interface TrafficLabels {
  stable: number;
  canary: { version: number; basisPoints: number } | null;
  pinned: number | null;
}

/** `scheduled`: a workflow's Temporal Schedule started the run with the version its schedules come from (never picked here). */
export const VERSION_REASONS = ['stable', 'canary', 'pinned', 'requested', 'scheduled'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export interface VersionPick {
  version: number;
  reason: VersionReason;
}

/** 0–10000 basis points: a canary at 12.5 % takes buckets 0..1249. */
export const BUCKETS = 10_000;

/**
 * An explicit version in the run request wins (`requested`); else a pin (`pinned`); else the run
 * id's bucket decides between the canary and stable.
 */
export function pickVersion(labels: TrafficLabels, runId: string, requested?: number): VersionPick {
  if (requested !== undefined) return { version: requested, reason: 'requested' };
  if (labels.pinned !== null) return { version: labels.pinned, reason: 'pinned' };
  if (labels.canary && labels.canary.basisPoints > 0 && bucketOf(runId) < labels.canary.basisPoints) {
    return { version: labels.canary.version, reason: 'canary' };
  }
  return { version: labels.stable, reason: 'stable' };
}

/** The run id's bucket, 0..9999: FNV-1a over the UTF-16 code units, then murmur3's finaliser to spread nearby ids. */
export function bucketOf(runId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    h ^= runId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % BUCKETS;
}

/** A canary percentage (0–100, an integer or one decimal) as basis points; undefined when it is not one. */
export function percentToBasisPoints(percent: number): number | undefined {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return undefined;
  const tenths = Math.round(percent * 10);
  if (Math.abs(percent * 10 - tenths) > 1e-9) return undefined;
  return tenths * 10;
}

export const basisPointsToPercent = (bp: number): number => Math.round(bp / 10) / 10;
