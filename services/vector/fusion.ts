// Weighted reciprocal rank fusion with Qdrant's formula, so fused rankings match across adapters:
// a point at 1-based rank r in a list of weight w adds 1 / (r / w + k - 1).
import type { Fusion, ScoredChunk } from './types';

export interface RankedList {
  weight: number;
  hits: ScoredChunk[];
}

export function reciprocalRankFusion(lists: RankedList[], k: Fusion['k'], limit: number): ScoredChunk[] {
  const fused = new Map<string, ScoredChunk>();
  for (const { weight, hits } of lists) {
    hits.forEach((hit, position) => {
      const contribution = 1 / ((position + 1) / weight + k - 1);
      const existing = fused.get(hit.id);
      if (existing) existing.score += contribution;
      else fused.set(hit.id, { ...hit, score: contribution });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || compareIds(a.id, b.id)).slice(0, limit);
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
