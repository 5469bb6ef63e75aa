// Pure types of registered workflows and their runs, for workflow code, activities and clients.
export * from './run-types';
export type { JsonValue, ExpressionContext } from './cel';
export type { WorkflowDefinition, Step, StepKind, StepOf, OnError } from './definition';
