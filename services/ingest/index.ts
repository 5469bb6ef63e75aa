export * from './types';
export { parseDocument, detectMediaType, contentHash, UnsupportedDocumentError, type SourceDocument } from './parse';
export { chunkBlocks } from './chunker';
export { DocumentParserPool, DocumentParseError, parseUntrustedDocument, type ParserPoolOptions } from './parser-pool';
export { ArchiveRefusedError } from './parsers/zip-limits';
export { cl100kTokens, tokenCounter, type TokenCounter } from './tokens';
export { documentPoints, embedPoints, type Embedder } from './document-points';
export { ensureIngestCollection, averageDocumentLength, collectionChunking, type CollectionSetup } from './collection';
export { IngestConfigSchema, type IngestConfig, type IngestConfigInput } from './config';
export * from './sources';
export { sourceKeyOf, scheduledSourceKey } from './source-key';
export { cronProblem, isKnownTimeZone } from './cron';
export { claimCheckSource } from './claim-check';
export { ingestIntake, type IngestIntake, type IngestIntakeDeps, type SourceAction } from './intake';
export {
  planIngestion, ingestBatch, deleteDocuments, runIngestion, emptyCounts, addCounts,
  type IngestTarget, type PipelineDeps, type IngestPlan, type BatchResult, type BatchOptions, type BatchCheckpoint, type IngestReport, type RunIngestionOptions,
} from './pipeline';
export { ingestJobs, INGEST_TASK_QUEUE, SourceScheduleSchema, type IngestJobs, type SourceSchedule, type SourceScheduleInfo, type IngestJobStatus } from './jobs';
