// In-memory copy of one tenant's postings for a collection, so BM25 scoring is array arithmetic
// instead of one SQL query per term. Keyed by the collection's generation (bumped on every write,
// also by other processes sharing the file): a stale copy is rebuilt from SQLite on next use.
import type Database from 'better-sqlite3';

interface PostingList {
  points: Int32Array;
  weights: Float32Array;
}

export class LexicalIndex {
  private scores: Float64Array;

  constructor(
    readonly generation: number,
    private readonly postings: Map<number, PostingList>,
    private readonly df: Map<number, number>,
    readonly totalPoints: number,
    maxPoint: number,
  ) {
    this.scores = new Float64Array(maxPoint + 1);
  }

  documentFrequency(term: number): number {
    return this.df.get(term) ?? 0;
  }

  /** Sum factor * weight over the terms' postings; the best `limit` (point, score), best first. */
  top(terms: Array<{ term: number; factor: number }>, limit: number, allowed?: Set<number>): Array<[number, number]> {
    const touched: number[] = [];
    const scores = this.scores;
    for (const { term, factor } of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.points.length; i++) {
        const point = list.points[i];
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

export class LexicalIndexCache {
  private readonly indexes = new Map<string, LexicalIndex>();

  get(db: Database.Database, collectionId: number, tenant: number, generation: number, totalPoints: number): LexicalIndex {
    const key = `${collectionId}:${tenant}`;
    const cached = this.indexes.get(key);
    if (cached && cached.generation === generation) return cached;
    const rows = db
      .prepare('SELECT term, point, weight FROM postings WHERE collection_id = ? AND tenant = ? ORDER BY term, point')
      .raw()
      .all(collectionId, tenant) as Array<[number, number, number]>;
    const postings = new Map<number, PostingList>();
    let maxPoint = 0;
    for (let start = 0; start < rows.length; ) {
      let end = start;
      while (end < rows.length && rows[end][0] === rows[start][0]) end++;
      const list = { points: new Int32Array(end - start), weights: new Float32Array(end - start) };
      for (let i = start; i < end; i++) {
        list.points[i - start] = rows[i][1];
        list.weights[i - start] = rows[i][2];
        if (rows[i][1] > maxPoint) maxPoint = rows[i][1];
      }
      postings.set(rows[start][0], list);
      start = end;
    }
    const dfRows = db.prepare('SELECT term, df FROM term_df WHERE collection_id = ?').raw().all(collectionId) as Array<[number, number]>;
    const index = new LexicalIndex(generation, postings, new Map(dfRows), totalPoints, maxPoint);
    this.indexes.set(key, index);
    return index;
  }

  forget(collectionId: number): void {
    for (const key of [...this.indexes.keys()]) if (key.startsWith(`${collectionId}:`)) this.indexes.delete(key);
  }
}
