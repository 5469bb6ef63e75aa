// Public face of services/tracing: trace shape and ids, the recorder activities use, the worker
// interceptors that trace agent runs and ingestion jobs, readers for replay, masking and config.
export * from './types';
export {
  TracingConfigSchema,
  MaskingModeSchema,
  langfuseConfigured,
  maskingModeFor,
  type TracingConfig,
  type TracingConfigInput,
  type MaskingMode,
} from './config';
export { maskString, maskValue, isSecretField, luhnValid, environmentSecrets, SECRET_PLACEHOLDER, type MaskOptions } from './mask';
export { maskObservation, maskTrace } from './mask-records';
export { createTraceRecorder, type TraceRecorder, type RecorderOptions, type RecorderStats } from './recorder';
export { readTrace, TraceSourceUnavailableError, type ReadTraceOptions } from './reader';
export { LocalTraceStore, type TraceSummary } from './local-store';
export { langfuseAuthHeader } from './langfuse-sink';
export {
  runTrace,
  generationObservation,
  toolObservation,
  retrieverObservation,
  type RunTraceParams,
  type GenerationParams,
  type ToolParams,
  type RetrievalParams,
} from './observations';
export { agentRunTracing, type TracingHooks, type TracedRunRecord, type ToolExecutedEntry } from './agent-run-tracing';
export { traceUrlFor, checkLangfuse } from './links';
export { setActivityTraceDetail, type ActivityTraceDetail } from './activity-detail';
export { ingestTracing, type IngestTracingHooks } from './ingest-tracing';
