// Pure types and schemas of agents and runs, for workflows and clients alike.
export * from './definition';
export * from './run-types';
export * from './policy';
export * from './conversation-types';
