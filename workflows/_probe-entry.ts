export { AgentRunWorkflow } from './agent-run';
