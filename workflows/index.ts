// Every workflow the worker registers.
export { AgentRunWorkflow } from './agent-run';
