import { IngestConfigSchema, type IngestConfigInput } from '../config';
import type { BlobStore } from '../../blobs';
import { z } from 'zod';
import { SourceSpecSchema, UploadedDocumentSchema, type SourceEntry, type SourceSpec, type UploadedDocument } from '../types';
import type { SourceDocument } from '../parse';
import { DirectorySource } from './directory';
import { openTenantS3Source } from './s3';
import type { DocumentSource, SourceAccess } from './source';
import { SitemapSource, UrlListSource } from './web';

export { DirectorySource, resolveAllowedDirectory } from './directory';
export { S3Source, createS3Client, checkS3Endpoint, s3CredentialNames, type S3Access } from './s3';
export { UrlListSource, SitemapSource, HttpStatusError, type WebFetchPolicy } from './web';
export { SourceAccessError, type DocumentSource, type SourceAccess } from './source';

/** Reads a claim-checked listing (a JSON array of entries) from the blob store. */
export async function readListing(blobs: BlobStore, listingRef: string): Promise<UploadedDocument[]> {
  return z.array(UploadedDocumentSchema.partial({ blobRef: true })).parse(JSON.parse((await blobs.get(listingRef)).toString('utf8'))) as UploadedDocument[];
}

/** Documents uploaded beforehand (claim-checked): listing is the upload list, reading is a blob get. */
class BlobListSource implements DocumentSource {
  readonly kind = 'blobs';
  constructor(private readonly listing: () => Promise<UploadedDocument[]>, private readonly blobs: BlobStore) {}
  async list(): Promise<SourceEntry[]> {
    return (await this.listing()).map(({ documentId, blobRef, uri, mediaType, modifiedAt }) => ({ documentId, blobRef, uri, mediaType, modifiedAt }));
  }
  async read(entry: SourceEntry): Promise<SourceDocument> {
    // Every listed entry carries its blob: reading never searches the listing.
    if (!entry.blobRef) throw new Error(`${entry.documentId} is not part of this upload`);
    return { uri: entry.uri, content: await this.blobs.get(entry.blobRef), mediaType: entry.mediaType, modifiedAt: entry.modifiedAt };
  }
}

const needBlobs = (blobs: BlobStore | undefined): BlobStore => {
  if (!blobs) throw new Error('a blob store is needed for claim-checked listings and uploaded documents');
  return blobs;
};

export async function openDocumentSource(rawSpec: SourceSpec, rawConfig: IngestConfigInput = {}, blobs?: BlobStore, access: SourceAccess = {}): Promise<DocumentSource> {
  const spec = SourceSpecSchema.parse(rawSpec);
  const config = IngestConfigSchema.parse(rawConfig);
  switch (spec.kind) {
    case 'directory':
      return DirectorySource.open(spec, { allowedRoots: config.allowedRoots, protectedPaths: access.protectedPaths, ...config.directory });
    case 'urls':
      if (spec.listingRef) {
        const ref = spec.listingRef;
        const store = needBlobs(blobs);
        return new UrlListSource(async () => (await readListing(store, ref)).map((d) => d.uri), config.fetch);
      }
      return new UrlListSource(spec.urls ?? [], config.fetch);
    case 'sitemap':
      return new SitemapSource(spec.url, config.fetch, spec.maxUrls);
    case 's3':
      return openTenantS3Source(spec, { allowCidrs: config.fetch.allowCidrs, pageSize: config.s3.pageSize }, access);
    case 'blobs': {
      const store = needBlobs(blobs);
      const { documents, listingRef } = spec;
      return new BlobListSource(async () => documents ?? readListing(store, listingRef!), store);
    }
  }
}
