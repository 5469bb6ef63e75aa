import { createHash } from 'node:crypto';

/** A UUID (v5 layout) derived from tenant, collection, document and chunk index: retries never duplicate. */
export function chunkPointId(tenantId: string, collection: string, documentId: string, chunkIndex: number): string {
  const digest = createHash('sha1')
    .update(`${tenantId}\u0000${collection}\u0000${documentId}\u0000${chunkIndex}`)
    .digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
