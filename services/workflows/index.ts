// Public face: the workflow definition language (schema, expressions, templates, validation).
export * from './definition';
export { parseDuration, durationProblem, MAX_DURATION_MS } from './duration';
export { CEL_LIMITS, CONTEXT_ROOTS, CelError, compileExpression, evaluateExpression, evaluateCondition, type CompiledExpression, type ExpressionContext, type ExpressionReferences, type JsonValue, type CelErrorCode } from './cel';
export { TEMPLATE_LIMITS, TemplateError, parseTemplate, renderTemplate, renderValue, type Template } from './template';
export {
  validateDefinition, validateDefinitionText, validateForTenant, definitionOrThrow, formatValidationError, formatPath, reportedError,
  type ValidationError, type ValidationResult, type TenantChecks, type TenantAnswer, type ReportedValidationError,
} from './validate';
export { workflowRegistry, type WorkflowRegistry, type WorkflowSummary, type WorkflowVersionRecord } from './registry';
export { tenantChecks, TENANT_CHECK_TIMEOUT_MS, type TenantCheckSources } from './tenant-checks';
export { summarizeDefinition } from './summary';
export { largeDefinition } from './large-definition';
export * from './run-types';
export { workflowRunService, workflowRunInput, checkInputs, runSettingsFrom, type WorkflowRunService, type StartWorkflowRunRequest, type RunSettings } from './runs';
export { MAX_SIGNAL_PAYLOAD_BYTES, MAX_RECORDED_BYTES } from './run-control';
export { resumePlan, stepsToRerun, recordedOutput, signalNames, type ResumePlan } from './resume';
export { workflowSchedules, scheduleIdOf, scheduledRunPrefix, type WorkflowSchedules, type WorkflowScheduleView, type ReconcileResult } from './schedules';
