// A read-through cache in front of a blob store, bounded by bytes. Blobs are content-addressed,
// so a cached blob is never stale: a reference names the same bytes for ever.
import { LRUCache } from 'lru-cache';
import type { BlobStore } from './store';

export class CachedBlobStore implements BlobStore {
  private readonly cache: LRUCache<string, Buffer>;
  hits = 0;
  misses = 0;

  constructor(private readonly inner: BlobStore, maxBytes: number) {
    this.cache = new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: (b) => Math.max(1, b.length) });
  }

  async put(content: Uint8Array | string): Promise<string> {
    const ref = await this.inner.put(content);
    const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    if (bytes.length <= this.cache.maxSize) this.cache.set(ref, bytes);
    return ref;
  }

  async get(ref: string): Promise<Buffer> {
    const cached = this.cache.get(ref);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const bytes = await this.inner.get(ref);
    if (bytes.length <= this.cache.maxSize) this.cache.set(ref, bytes);
    return bytes;
  }
}
