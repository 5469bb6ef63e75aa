// Every workflow the worker registers.
export { AgentRunWorkflow } from './agent-run';
export { ConversationWorkflow } from './conversation';
export { IngestWorkflow } from './ingest';
export { ingestProgressQuery } from './ingest-api';
export { RegisteredWorkflow } from './registered';
export { workflowSignal } from './registered-api';
