import { z } from 'zod';
import { ChunkingOptionsSchema } from './types';

export const IngestConfigSchema = z.object({
  /**
   * Directory sources must lie under one of these (resolved against the working directory).
   * Empty by default: tenants upload documents (`keel ingest PATH`); an operator who lets the API
   * read a folder on its own machine lists it here. Keel's own files (the data dir, keel.yaml,
   * .keel) are refused even under an allowed root.
   */
  allowedRoots: z.array(z.string()).default([]),
  directory: z
    .object({
      /** Larger files are not read: they are listed as failed with the reason. */
      maxFileBytes: z.number().int().positive().default(50 * 1024 * 1024),
      /** Files past this running total of one listing are not read either. */
      maxJobBytes: z.number().int().positive().default(1024 * 1024 * 1024),
    })
    .prefault({}),
  fetch: z
    .object({
      /** When non-empty, only these hosts (globs like *.example.com) may be fetched. */
      allowHosts: z.array(z.string()).default([]),
      /** Address ranges allowed despite the private/loopback/metadata blocks (e.g. an intranet). */
      allowCidrs: z.array(z.string()).default([]),
      timeoutMs: z.number().int().positive().default(15_000),
      maxBytes: z.number().int().positive().default(25 * 1024 * 1024),
    })
    .default({ allowHosts: [], allowCidrs: [], timeoutMs: 15_000, maxBytes: 25 * 1024 * 1024 }),
  /** S3 sources sign with credentials the tenant stores as its own secrets, never the platform's. */
  s3: z
    .object({
      pageSize: z.number().int().positive().max(1000).default(1000),
    })
    .default({ pageSize: 1000 }),
  blobs: z
    .object({
      backend: z.enum(['local', 's3']).default('local'),
      /** Local blob directory (default: `<dataDir>/blobs`). */
      dir: z.string().optional(),
      bucket: z.string().optional(),
      prefix: z.string().default('keel-blobs/'),
      region: z.string().default('us-east-1'),
      endpoint: z.string().optional(),
      /** The S3 store's own key (e.g. SeaweedFS or MinIO), so the AWS credential chain stays Bedrock's; unset: that chain. */
      accessKeyId: z.string().optional(),
      secretAccessKey: z.string().optional(),
    })
    .default({ backend: 'local', prefix: 'keel-blobs/', region: 'us-east-1' }),
  /** Documents per batch activity: a crash redoes at most one batch. */
  batchSize: z.number().int().positive().max(1000).default(64),
  /** Documents parsed before one embed + write + heartbeat checkpoint inside a batch. */
  flushEvery: z.number().int().positive().max(1000).default(16),
  chunking: ChunkingOptionsSchema.default(ChunkingOptionsSchema.parse({})),
});
export type IngestConfig = z.output<typeof IngestConfigSchema>;
export type IngestConfigInput = z.input<typeof IngestConfigSchema>;
