import { IngestConfigSchema, type IngestConfigInput } from '../config';
import type { BlobStore } from '../blobs';
import { SourceSpecSchema, type SourceEntry, type SourceSpec } from '../types';
import type { SourceDocument } from '../parse';
import { DirectorySource } from './directory';
import { createS3Client, S3Source } from './s3';
import type { DocumentSource } from './source';
import { SitemapSource, UrlListSource } from './web';

export { DirectorySource, resolveAllowedDirectory } from './directory';
export { S3Source, createS3Client, type S3Access } from './s3';
export { UrlListSource, SitemapSource, HttpStatusError, type WebFetchPolicy } from './web';
export { SourceAccessError, type DocumentSource } from './source';

/** Documents uploaded beforehand (claim-checked): listing is the spec itself, reading is a blob get. */
class BlobListSource implements DocumentSource {
  readonly kind = 'blobs';
  constructor(private readonly documents: Array<SourceEntry & { blobRef: string }>, private readonly blobs: BlobStore) {}
  async list(): Promise<SourceEntry[]> {
    return this.documents.map(({ blobRef: _ref, ...entry }) => entry);
  }
  async read(entry: SourceEntry): Promise<SourceDocument> {
    const document = this.documents.find((d) => d.documentId === entry.documentId);
    if (!document) throw new Error(`${entry.documentId} is not part of this upload`);
    return { uri: document.uri, content: await this.blobs.get(document.blobRef), mediaType: document.mediaType, modifiedAt: document.modifiedAt };
  }
}

export async function openDocumentSource(rawSpec: SourceSpec, rawConfig: IngestConfigInput = {}, blobs?: BlobStore): Promise<DocumentSource> {
  const spec = SourceSpecSchema.parse(rawSpec);
  const config = IngestConfigSchema.parse(rawConfig);
  switch (spec.kind) {
    case 'directory':
      return DirectorySource.open(spec, config.allowedRoots);
    case 'urls':
      return new UrlListSource(spec.urls, config.fetch);
    case 'sitemap':
      return new SitemapSource(spec.url, config.fetch, spec.maxUrls);
    case 's3':
      return new S3Source(createS3Client({ region: spec.region, endpoint: spec.endpoint, access: config.s3 }), spec.bucket, spec.prefix, config.s3.pageSize);
    case 'blobs':
      if (!blobs) throw new Error('a blob store is needed for uploaded documents');
      return new BlobListSource(spec.documents, blobs);
  }
}
