// Blob writes started now and awaited later. A reference is the hash of the content, known before
// the bytes are stored, so a caller can go on (ask the model) while the writes complete, and waits
// for them only before handing the references on.
import { blobRef, type BlobStore } from './store';

export class BlobWrites {
  private readonly pending: Array<Promise<unknown>> = [];
  private readonly written = new Map<string, Uint8Array | string>();

  constructor(readonly blobs: BlobStore) {}

  put(content: Uint8Array | string): string {
    const ref = blobRef(content);
    const write = this.blobs.put(content).then((stored) => {
      if (stored !== ref) throw new Error(`blob store answered ${stored} for content whose reference is ${ref}`);
    });
    write.catch(() => undefined); // reported by settled()
    this.pending.push(write);
    this.written.set(ref, content);
    return ref;
  }

  /** A blob this batch wrote, read back without waiting for the store; undefined for any other. */
  contentOf(ref: string): Buffer | undefined {
    const content = this.written.get(ref);
    return content === undefined ? undefined : Buffer.from(content);
  }

  putJson(value: unknown): string {
    return this.put(JSON.stringify(value));
  }

  /** Resolves once every write is stored; rejects with the first failure, after all have ended. */
  async settled(): Promise<void> {
    const results = await Promise.allSettled(this.pending.splice(0));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
