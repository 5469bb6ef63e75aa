// JSON values in a blob store: the same value serialised the same way gets the same reference.
import type { BlobStore } from './store';

export function putJson(blobs: BlobStore, value: unknown): Promise<string> {
  return blobs.put(JSON.stringify(value));
}

export async function getJson<T = unknown>(blobs: BlobStore, ref: string): Promise<T> {
  return JSON.parse((await blobs.get(ref)).toString('utf8')) as T;
}
