// The one BM25 definition. Documents are stored as sparse vectors whose values are BM25's
// saturated term frequency; queries are sparse vectors of term counts; a store scores
// sum(idf(t) * q(t) * d(t)) with idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)), which is exactly
// what Qdrant computes for a sparse vector with `modifier: idf`. Both adapters therefore rank the same.
import { analyze } from './tokenizer';
import type { Bm25Params, SparseVector } from './types';

/** FNV-1a over UTF-16 code units: a stable uint32 index per term (Qdrant sparse indices are u32). */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function countTerms(terms: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const index = termIndex(term);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

function toSparse(entries: Iterable<[number, number]>): SparseVector {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  return { indices: sorted.map((e) => e[0]), values: sorted.map((e) => e[1]) };
}

/** The number of analyzed terms: BM25's document length. */
export function documentLength(text: string): number {
  return analyze(text).length;
}

export function bm25DocumentVector(text: string, params: Bm25Params): SparseVector {
  const terms = analyze(text);
  const lengthNorm = params.k1 * (1 - params.b + (params.b * terms.length) / params.avgDocLength);
  const weighted: Array<[number, number]> = [];
  for (const [index, tf] of countTerms(terms)) {
    weighted.push([index, (tf * (params.k1 + 1)) / (tf + lengthNorm)]);
  }
  return toSparse(weighted);
}

export function bm25QueryVector(text: string): SparseVector {
  return toSparse(countTerms(analyze(text)));
}

export function bm25Idf(totalDocuments: number, documentFrequency: number): number {
  return Math.log(1 + (totalDocuments - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
