// Public face: JSON Schema validation for schemas from tenants, with linear-time patterns.
export { compileSchemaCheck, assertTenantSchema, type SchemaCheck } from './validator';
export { nestingProblem } from './nesting';
