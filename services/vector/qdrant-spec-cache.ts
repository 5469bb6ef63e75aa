// Collection specs the Qdrant adapter has read, each kept for a TTL: another process may drop or
// recreate a collection, so an entry expires, and the adapter also drops it on a "not found" or
// dimension error from Qdrant.
import type { CollectionInfo } from './types';

export class SpecCache {
  private readonly entries = new Map<string, { info: CollectionInfo; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(collection: string): CollectionInfo | undefined {
    const entry = this.entries.get(collection);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(collection);
      return undefined;
    }
    return entry.info;
  }

  set(collection: string, info: CollectionInfo): void {
    if (this.ttlMs > 0) this.entries.set(collection, { info, expiresAt: this.now() + this.ttlMs });
  }

  delete(collection: string): void {
    this.entries.delete(collection);
  }
}
