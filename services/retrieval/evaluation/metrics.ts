// IR metrics as pytrec_eval (BEIR) computes them: linear gains, ideal ranking from all judgments.

export function ndcgAt(ranked: string[], judgments: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const grade = judgments.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(i + 2);
  });
  const ideal = [...judgments.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(ranked: string[], judgments: Map<string, number>, k: number): number {
  const relevant = [...judgments.entries()].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mrrAt(ranked: string[], judgments: Map<string, number>, k: number): number {
  const position = ranked.slice(0, k).findIndex((id) => (judgments.get(id) ?? 0) > 0);
  return position < 0 ? 0 : 1 / (position + 1);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Chunk hits to a document ranking: a document ranks at its best chunk. */
export function documentRanking(chunkDocumentIds: string[]): string[] {
  const seen = new Set<string>();
  const ranking: string[] = [];
  for (const id of chunkDocumentIds) {
    if (!seen.has(id)) {
      seen.add(id);
      ranking.push(id);
    }
  }
  return ranking;
}
