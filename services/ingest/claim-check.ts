// Claim-check for job inputs (DESIGN decision 1): a listed source's list of documents goes to the
// blob store before the job starts, and the job input (workflow history) carries only its reference.
import type { BlobStore } from '../blobs';
import { SourceSpecSchema, type SourceSpec } from './types';

/** URL lists below this stay inline (readable in `keel sources get`); above it they are claim-checked. */
const INLINE_URLS_BYTES = 16 * 1024;

export async function claimCheckSource(rawSpec: SourceSpec, blobs: BlobStore): Promise<SourceSpec> {
  const spec = SourceSpecSchema.parse(rawSpec);
  if (spec.kind === 'blobs' && spec.documents) {
    const listingRef = await blobs.put(JSON.stringify(spec.documents));
    return { kind: 'blobs', listingRef, ...(spec.root ? { root: spec.root } : {}) };
  }
  if (spec.kind === 'urls' && spec.urls && JSON.stringify(spec.urls).length > INLINE_URLS_BYTES) {
    return { kind: 'urls', listingRef: await blobs.put(JSON.stringify(spec.urls.map((url) => ({ documentId: url, uri: url })))) };
  }
  return spec;
}
