// The pure part of the language that workflow code (the interpreter) may import: expressions,
// templates and durations. Deterministic: nothing here reads clocks, randomness or Node built-ins.
export { CEL_LIMITS, CONTEXT_ROOTS, CelError, compileExpression, evaluateExpression, evaluateCondition, type CompiledExpression, type ExpressionContext, type JsonValue } from './cel';
export { TemplateError, parseTemplate, renderTemplate, renderValue } from './template';
export { parseDuration } from './duration';
