// Public face of the blob store: content-addressed bytes (`blob:sha256:…`), local or S3, with a
// bounded read-through cache and JSON helpers.
export { LocalBlobStore, S3BlobStore, blobRef, isBlobRef, type BlobStore } from './store';
export { BlobWrites } from './writes';
export { CachedBlobStore } from './cache';
export { putJson, getJson } from './json';
