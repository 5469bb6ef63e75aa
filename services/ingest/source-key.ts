// Which source a stored document belongs to. Several sources can feed one collection; a job only
// deletes documents its own source listed before and lists no more.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { SourceSpecSchema, type SourceEntry, type SourceSpec } from './types';

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The key of a registered (scheduled) source: stable whatever its spec becomes. */
export const scheduledSourceKey = (sourceId: string) => `source:${sourceId}`;

/**
 * A stable key for a one-off job's source, derived from what identifies it: the folder, the
 * sitemap, the bucket and prefix, the upload root, or (without a better name) the set of listed
 * URLs / document ids — the same list again is the same source, a different one never deletes.
 */
export function sourceKeyOf(rawSpec: SourceSpec, entries: SourceEntry[]): string {
  const spec = SourceSpecSchema.parse(rawSpec);
  const listed = () => short([...new Set(entries.map((e) => e.documentId))].sort().join('\n'));
  switch (spec.kind) {
    case 'directory':
      return `directory:${resolve(spec.path)}`;
    case 'sitemap':
      return `sitemap:${spec.url}`;
    case 's3':
      return `s3:${spec.endpoint ?? ''}|${spec.bucket}/${spec.prefix}`;
    case 'urls':
      return `urls:${listed()}`;
    case 'blobs':
      return spec.root ? `upload:${spec.root}` : `upload:${listed()}`;
  }
}
