// Every workflow the worker registers.
export { AgentRunWorkflow } from './agent-run';
export { IngestWorkflow, ingestProgressQuery } from './ingest';
