// Every workflow the worker registers.
export { AgentRunWorkflow } from './agent-run';
export { IngestWorkflow } from './ingest';
export { ingestProgressQuery } from './ingest-api';
