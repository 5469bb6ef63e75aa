// Documents as the ingestion pipeline sees them. Pure zod + types (workflows import this file).
import { z } from 'zod';

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
