// The BM25 inverted index of a collection, built in memory from the sparse vectors persisted with
// every point, so a write is one row and a search is array arithmetic. Keyed by the collection's
// generation (bumped on every write, also by other processes sharing the file): a stale index is
// rebuilt from SQLite on next use.
import type Database from 'better-sqlite3';

interface PostingList {
  points: Int32Array;
  weights: Float32Array;
}

export class LexicalIndex {
  private readonly scores: Float64Array;

  constructor(
    readonly generation: number,
    private readonly postings: Map<number, PostingList>,
    /** Tenant key of each point rowid (0 where there is no point). */
    private readonly tenantOf: Int32Array,
    readonly totalPoints: number,
  ) {
    this.scores = new Float64Array(tenantOf.length);
  }

  /** Points of the whole collection containing the term (Qdrant's IDF is collection-wide too). */
  documentFrequency(term: number): number {
    return this.postings.get(term)?.points.length ?? 0;
  }

  /** Sum factor * weight over the terms' postings of one tenant; the best `limit` (point, score). */
  top(tenant: number, terms: Array<{ term: number; factor: number }>, limit: number, allowed?: Set<number>): Array<[number, number]> {
    const touched: number[] = [];
    const scores = this.scores;
    const tenantOf = this.tenantOf;
    for (const { term, factor } of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.points.length; i++) {
        const point = list.points[i];
        if (tenantOf[point] !== tenant) continue;
        if (scores[point] === 0) touched.push(point);
        scores[point] += factor * list.weights[i];
      }
    }
    const heap = new TopHeap(limit);
    for (const point of touched) {
      if (!allowed || allowed.has(point)) heap.offer(point, scores[point]);
      scores[point] = 0;
    }
    return heap.sorted();
  }
}

/** Min-heap of the best `capacity` (point, score); ties prefer the lower point. */
class TopHeap {
  private readonly points: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly capacity: number) {}

  private worse(i: number, j: number): boolean {
    return this.scores[i] < this.scores[j] || (this.scores[i] === this.scores[j] && this.points[i] > this.points[j]);
  }

  private swap(i: number, j: number): void {
    [this.points[i], this.points[j]] = [this.points[j], this.points[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }

  offer(point: number, score: number): void {
    const size = this.points.length;
    if (size < this.capacity) {
      this.points.push(point);
      this.scores.push(score);
      for (let i = size; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (score < this.scores[0] || (score === this.scores[0] && point > this.points[0])) return;
    this.points[0] = point;
    this.scores[0] = score;
    for (let i = 0; ; ) {
      const left = 2 * i + 1, right = left + 1;
      let smallest = i;
      if (left < size && this.worse(left, smallest)) smallest = left;
      if (right < size && this.worse(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  sorted(): Array<[number, number]> {
    const pairs = this.points.map((p, i): [number, number] => [p, this.scores[i]]);
    return pairs.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }
}

/** Builds the inverted index from the points' stored sparse vectors, once per collection generation. */
export class LexicalIndexCache {
  private readonly indexes = new Map<number, LexicalIndex>();

  get(db: Database.Database, collectionId: number, generation: number): LexicalIndex {
    const cached = this.indexes.get(collectionId);
    if (cached && cached.generation === generation) return cached;
    const rows = db.prepare('SELECT rowid, tenant, sparse FROM points WHERE collection_id = ?').raw().all(collectionId) as Array<[number, number, Buffer]>;
    let maxPoint = 0;
    const lengths = new Map<number, number>();
    const decoded = rows.map(([rowid, tenant, blob]) => {
      const n = blob.length / 8;
      const bytes = new Uint8Array(blob.length);
      bytes.set(blob);
      const indices = new Uint32Array(bytes.buffer, 0, n);
      const values = new Float32Array(bytes.buffer, n * 4, n);
      for (let i = 0; i < n; i++) lengths.set(indices[i], (lengths.get(indices[i]) ?? 0) + 1);
      if (rowid > maxPoint) maxPoint = rowid;
      return { rowid, tenant, indices, values };
    });
    const postings = new Map<number, PostingList & { fill: number }>();
    for (const [term, length] of lengths) postings.set(term, { points: new Int32Array(length), weights: new Float32Array(length), fill: 0 });
    const tenantOf = new Int32Array(maxPoint + 1);
    for (const { rowid, tenant, indices, values } of decoded) {
      tenantOf[rowid] = tenant;
      for (let i = 0; i < indices.length; i++) {
        const list = postings.get(indices[i])!;
        list.points[list.fill] = rowid;
        list.weights[list.fill] = values[i];
        list.fill++;
      }
    }
    const index = new LexicalIndex(generation, postings, tenantOf, rows.length);
    this.indexes.set(collectionId, index);
    return index;
  }

  forget(collectionId: number): void {
    this.indexes.delete(collectionId);
  }
}
