// On-disk layout of the embedded store: one SQLite file holding the points with their BM25 sparse
// vectors and dense vectors as blobs (the inverted index is built from them in memory).
import type Database from 'better-sqlite3';
import type { SparseVector } from './types';

export const EMBEDDED_SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
-- AUTOINCREMENT: a rowid is never reused, so a cached payload by rowid can never go stale.
CREATE TABLE IF NOT EXISTS points (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  collection_id INTEGER NOT NULL,
  tenant INTEGER NOT NULL,
  document_id TEXT NOT NULL,
  chunk_index INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  payload TEXT NOT NULL,
  sparse BLOB NOT NULL,
  dense BLOB
);
CREATE INDEX IF NOT EXISTS points_by_document ON points (collection_id, tenant, document_id, chunk_index);
`;

export function openSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(EMBEDDED_SCHEMA);
}

/** indices as uint32 followed by values as float32, both little-endian. */
export function encodeSparse(vector: SparseVector): Buffer {
  const n = vector.indices.length;
  const buffer = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    buffer.writeUInt32LE(vector.indices[i], i * 4);
    buffer.writeFloatLE(vector.values[i], n * 4 + i * 4);
  }
  return buffer;
}

/** Unit-length float32 copy, so cosine similarity is a dot product at search time. */
export function encodeDense(vector: number[]): Buffer {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  const floats = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) floats[i] = vector[i] / norm;
  return Buffer.from(floats.buffer);
}

export function decodeDense(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.length);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
