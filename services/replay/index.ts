// Public face of services/replay: replay specs, reading recorded results out of a trace, the
// step-by-step diff, and the service that starts replays.
export * from './types';
export { ReplayTraceIncomplete, recordedModelResponse, recordedToolCall, matchRecordedToolCall, type RecordedToolOutcome } from './recorded';
export { diffRuns, summarizeStep, canonical, type ReplayDiff, type StepDiff, type StepSummary, type StepStatus, type RunSide, type UsageTotals } from './diff';
export { replayService, StartReplayBody, type ReplayService, type ReplayServiceDeps, type TraceReader } from './service';
