// Exact dense search for the embedded store: per collection and tenant, the unit vectors are kept
// in one Float32Array, reloaded when the collection's generation (bumped on every write) moves.
import type Database from 'better-sqlite3';
import { decodeDense } from './embedded-schema';

export class DenseMatrix {
  constructor(
    readonly generation: number,
    private readonly rowids: number[],
    private readonly values: Float32Array,
    private readonly dimension: number,
  ) {}

  /** Top `limit` (rowid, cosine) for a unit query vector. */
  search(queryBlob: Buffer, limit: number, allowed?: Set<number>): Array<[number, number]> {
    const query = decodeDense(queryBlob);
    const scored: Array<[number, number]> = [];
    for (let p = 0; p < this.rowids.length; p++) {
      if (allowed && !allowed.has(this.rowids[p])) continue;
      let dot = 0;
      const offset = p * this.dimension;
      for (let i = 0; i < this.dimension; i++) dot += this.values[offset + i] * query[i];
      scored.push([this.rowids[p], dot]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return scored.slice(0, limit);
  }
}

export class DenseScanCache {
  private readonly matrices = new Map<string, DenseMatrix>();

  get(db: Database.Database, collectionId: number, tenant: number, generation: number): DenseMatrix {
    const key = `${collectionId}:${tenant}`;
    const cached = this.matrices.get(key);
    if (cached && cached.generation === generation) return cached;
    const rows = db
      .prepare('SELECT rowid, dense FROM points WHERE collection_id = ? AND tenant = ? AND dense IS NOT NULL')
      .raw()
      .all(collectionId, tenant) as Array<[number, Buffer]>;
    const dimension = rows.length > 0 ? rows[0][1].length / 4 : 0;
    const values = new Float32Array(rows.length * dimension);
    rows.forEach(([, blob], p) => values.set(decodeDense(blob), p * dimension));
    const matrix = new DenseMatrix(generation, rows.map((r) => r[0]), values, dimension);
    this.matrices.set(key, matrix);
    return matrix;
  }
}
