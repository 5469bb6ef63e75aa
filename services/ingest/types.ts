// Documents as the ingestion pipeline sees them. Pure zod + types (workflows import this file).
import { z } from 'zod';
import { SecretName } from '../secrets/policy';

export const MediaTypeSchema = z.enum(['text/markdown', 'text/plain', 'text/html', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
export type MediaType = z.infer<typeof MediaTypeSchema>;

/** A structural unit of a parsed document: a paragraph, list item, code block, table row group. */
export interface Block {
  text: string;
  headingPath: string[];
  page?: number;
  kind: 'paragraph' | 'code' | 'list' | 'table' | 'quote';
}

export interface ParsedDocument {
  uri: string;
  mediaType: MediaType;
  title: string;
  contentHash: string;
  modifiedAt?: string;
  blocks: Block[];
}

export const ChunkingOptionsSchema = z.object({
  maxTokens: z.number().int().min(16).max(8192).default(512),
  overlapTokens: z.number().int().min(0).max(1024).default(64),
  /** 'estimate' counts word pieces without a BPE table (much faster); 'cl100k' is exact tiktoken. */
  tokenCounter: z.enum(['estimate', 'cl100k']).default('estimate'),
});
export type ChunkingOptions = z.output<typeof ChunkingOptionsSchema>;

export interface Chunk {
  index: number;
  text: string;
  headingPath: string[];
  page?: number;
  tokens: number;
}

export const IngestCountsSchema = z.object({
  seen: z.number().int().nonnegative().default(0),
  skipped: z.number().int().nonnegative().default(0),
  added: z.number().int().nonnegative().default(0),
  updated: z.number().int().nonnegative().default(0),
  deleted: z.number().int().nonnegative().default(0),
  failed: z.number().int().nonnegative().default(0),
  chunks: z.number().int().nonnegative().default(0),
});
export type IngestCounts = z.output<typeof IngestCountsSchema>;

export const DocumentFailureSchema = z.object({ documentId: z.string(), uri: z.string(), error: z.string() });
export type DocumentFailure = z.infer<typeof DocumentFailureSchema>;

const HttpUrlSchema = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'only http and https URLs');

const BlobRefSchema = z.string().regex(/^blob:sha256:[0-9a-f]{64}$/, 'a blob reference (blob:sha256:…)');

export const UploadedDocumentSchema = z.object({
  documentId: z.string().min(1),
  blobRef: z.string().min(1),
  uri: z.string(),
  mediaType: z.string().optional(),
  modifiedAt: z.string().optional(),
});
export type UploadedDocument = z.infer<typeof UploadedDocumentSchema>;

/** Where documents come from. Registered per tenant into a collection; all fields serialisable. */
export const SourceSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('directory'),
    /** Must lie under one of the config's ingest.allowedRoots. */
    path: z.string().min(1),
    include: z.array(z.string()).default(['**/*.{md,markdown,txt,html,htm,pdf,docx}']),
    exclude: z.array(z.string()).default(['**/node_modules/**', '**/.git/**']),
  }),
  z
    .object({
      kind: z.literal('urls'),
      urls: z.array(HttpUrlSchema).min(1).max(10_000).optional(),
      /** Claim-check: a blob holding the listing (SourceEntry[] of the URLs) instead of `urls`. */
      listingRef: BlobRefSchema.optional(),
    })
    .refine((s) => (s.urls === undefined) !== (s.listingRef === undefined), 'give either urls or listingRef'),
  z.object({ kind: z.literal('sitemap'), url: HttpUrlSchema, maxUrls: z.number().int().positive().max(50_000).default(5_000) }),
  z.object({
    kind: z.literal('s3'),
    bucket: z.string().min(1),
    prefix: z.string().default(''),
    region: z.string().default('us-east-1'),
    /** S3-compatible endpoint (MinIO); path-style addressing is used when set. Same address policy as URL fetches. */
    endpoint: z.string().url().optional(),
    /** Names of the tenant's secrets (PUT /v1/secrets/NAME) holding the access key id and secret key. */
    accessKeyIdSecret: SecretName.optional(),
    secretAccessKeySecret: SecretName.optional(),
    sessionTokenSecret: SecretName.optional(),
  }),
  z
    .object({
      kind: z.literal('blobs'),
      /** Documents already uploaded to the blob store (e.g. by `keel ingest PATH`). The API turns
       * this into `listingRef` before starting a job, so the list never enters workflow history. */
      documents: z.array(UploadedDocumentSchema).max(100_000).optional(),
      /** Claim-check: a blob holding the JSON array of uploaded documents. */
      listingRef: BlobRefSchema.optional(),
      /** Where the client uploaded from (`keel ingest PATH` sends the resolved path(s)): re-uploads of
       * the same root replace and delete only their own documents. */
      root: z.string().min(1).max(4096).optional(),
    })
    .refine((s) => (s.documents === undefined) !== (s.listingRef === undefined), 'give either documents or listingRef'),
]);
export type SourceSpec = z.input<typeof SourceSpecSchema>;

/** One document a source lists; `read` turns it into bytes. */
export interface SourceEntry {
  documentId: string;
  uri: string;
  modifiedAt?: string;
  size?: number;
  mediaType?: string;
  /** Uploaded documents: where the bytes are (so reading one needs no search of the listing). */
  blobRef?: string;
  /** Listed but not to be read (over a size cap): reading it fails with this reason, so it is counted as failed. */
  refused?: string;
}

/** Input of the ingestion workflow (and of `keel ingest`); everything small and serialisable. */
export const IngestJobInputSchema = z.object({
  tenantId: z.string().min(1),
  collection: z.string().min(1),
  source: SourceSpecSchema,
  /** Which source the job's documents belong to: only this source's documents are deleted when it
   * no longer lists them. Scheduled sources use `source:<sourceId>`; one-off jobs derive it from
   * the source spec when absent (see sourceKeyOf). */
  sourceKey: z.string().min(1).max(4200).optional(),
  chunking: ChunkingOptionsSchema.partial().optional(),
  batchSize: z.number().int().positive().max(1000).default(64),
  /** How long a silent batch activity may run before Temporal retries it elsewhere. */
  heartbeatTimeoutMs: z.number().int().positive().default(30_000),
});
export type IngestJobInput = z.input<typeof IngestJobInputSchema>;
/** A job as a tenant asks for one (POST /v1/ingest/jobs, a source's `job`): the tenant is the caller's. */
export const IngestJobRequestSchema = IngestJobInputSchema.omit({ tenantId: true }).meta({ title: 'IngestJob' });

export interface IngestPlanRef {
  /** Blob reference of the JSON SourceEntry[] listing (claim-check). */
  listingRef: string;
  deletionsRef: string;
  /** The key the job's documents are written with (and deletions were scoped to). */
  sourceKey: string;
  /** Small spec batches open to read documents: listed sources point at the listing blob. */
  readSource: SourceSpec;
  total: number;
  deletions: number;
  batches: number;
}

export interface IngestProgress {
  phase: 'planning' | 'ingesting' | 'deleting' | 'done';
  batchesDone: number;
  batches: number;
  /** Documents the plan listed (unset while planning, and in jobs started before this field). */
  documents?: number;
  counts: IngestCounts;
  failures: DocumentFailure[];
  /** Failures beyond the ones kept in `failures` (history stays small). */
  failuresOmitted: number;
}
