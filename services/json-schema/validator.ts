// JSON Schema validation of data against schemas that tenants (or their tool servers) supply.
// Ajv runs `pattern`/`patternProperties` on RE2 (see re2-engine.ts); compiled validators are kept
// in a small LRU keyed by the schema's JSON, so per-call schemas neither recompile nor pile up in
// Ajv's own cache (which keys by object identity).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid } from '../errors';
import { linearPatternError, re2Engine } from './re2-engine';

export type SchemaCheck = (data: unknown) => { valid: true } | { valid: false; errorMessage: string };

const MAX_CACHED = 256;

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, validateFormats: true, validateSchema: false, allErrors: true, code: { regExp: re2Engine } });
  addFormats(ajv);
  return ajv;
}

const ajv = createAjv();
const cache = new Map<string, { schema: object; validate: ValidateFunction }>();

function compiled(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.validate;
  }
  const copy = structuredClone(schema);
  const validate = ajv.compile(copy);
  cache.set(key, { schema: copy, validate });
  if (cache.size > MAX_CACHED) {
    const [oldestKey, oldest] = cache.entries().next().value!;
    cache.delete(oldestKey);
    ajv.removeSchema(oldest.schema);
  }
  return validate;
}

/** Compiles a schema (throws on a schema Ajv or RE2 cannot compile) into a reusable check. */
export function compileSchemaCheck(schema: Record<string, unknown>): SchemaCheck {
  const validate = compiled(schema);
  return (data) => (validate(data) ? { valid: true } : { valid: false, errorMessage: ajv.errorsText(validate.errors) });
}

// Subschemas hold data, not patterns, under these keywords.
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples']);

/** Every regular expression in a schema with its path (`properties.code.pattern`). */
function* patternsOf(node: unknown, path: string): Generator<{ path: string; pattern: string }> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* patternsOf(item, `${path}[${i}]`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(key)) continue;
    const at = path ? `${path}.${key}` : key;
    if (key === 'pattern' && typeof value === 'string') yield { path: at, pattern: value };
    else if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [pattern, sub] of Object.entries(value)) {
        yield { path: `${at}[${JSON.stringify(pattern)}]`, pattern };
        yield* patternsOf(sub, `${at}[${JSON.stringify(pattern)}]`);
      }
    } else yield* patternsOf(value, at);
  }
}

/**
 * Refuses, at registration, a schema whose regular expressions RE2 cannot run (backreferences,
 * lookaround) or that Ajv cannot compile; the error names the offending path under `where`.
 */
export function assertTenantSchema(schema: Record<string, unknown>, where: string): void {
  for (const { path, pattern } of patternsOf(schema, where)) {
    const error = linearPatternError(pattern);
    if (error) throw invalid(`${path}: pattern ${JSON.stringify(pattern)} is not supported (patterns run with RE2 semantics: no backreferences or lookaround): ${error}`, [{ path, message: error }]);
  }
  try {
    compiled(schema);
  } catch (err) {
    throw invalid(`${where}: not a usable JSON Schema: ${(err as Error).message}`, [{ path: where, message: (err as Error).message }]);
  }
}
