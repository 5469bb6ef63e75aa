// `response_format: json_schema` with `strict: true`: the answer is checked against the schema
// (services/json-schema: Ajv with RE2 patterns) before it is returned. A deployment whose answer
// does not match failed this request (`model_error`), so the router tries another.
import { compileSchemaCheck } from '../../json-schema';
import { RouterError } from '../errors';
import type { ChatRequest } from '../types';

/** Undefined when the answer matches; otherwise why it does not. */
export function structuredOutputError(req: ChatRequest, content: string): string | undefined {
  const f = req.responseFormat;
  if (f?.type !== 'json_schema' || !f.strict) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return `the answer is not JSON (response_format '${f.name}' is strict)`;
  }
  const r = compileSchemaCheck(f.schema)(value);
  return r.valid ? undefined : `the answer does not match response_format '${f.name}': ${r.errorMessage}`;
}

/** Throws `model_error` when any answer of a strict json_schema request does not match. */
export function assertStructuredOutput<T extends { content: string; choices?: Array<{ content: string }> }>(req: ChatRequest, result: T, deployment?: string): T {
  for (const c of result.choices ?? [result]) {
    const error = structuredOutputError(req, c.content);
    if (error) throw new RouterError('model_error', error, { deployment });
  }
  return result;
}
