export * from './types';
export { agentRegistry, type AgentRegistry } from './registry';
export { conversationService, type ConversationService, type ConversationDetail } from './conversations';
export { runService, type RunService, type StartRunRequest, type RunDetail } from './runs';
/** Thrown by `runService(…).list` for a cursor it did not issue. */
export { prepareChildRun } from './child-runs';
