// Templates: text with `{{ expression }}` holes, each a CEL expression over the same context as
// conditions. Parsed (and their expressions compiled) once per text; deterministic like cel.ts.
import { CelError, compileExpression, type CompiledExpression, type ExpressionContext, type ExpressionReferences, type JsonValue } from './cel';

export const TEMPLATE_LIMITS = {
  maxLength: 100_000,
  maxExpressions: 200,
  maxRenderedLength: 2_000_000,
} as const;

const CACHE_SIZE = 1_000;
/** Longer templates are parsed each time (their expressions stay cached): the cache stays small. */
const CACHEABLE_LENGTH = 10_000;

export class TemplateError extends Error {
  constructor(
    message: string,
    /** Offset of the problem in the template text. */
    readonly offset: number,
    override readonly cause?: CelError,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export interface Template {
  readonly source: string;
  /** Literal text and compiled expressions, in order. */
  readonly parts: ReadonlyArray<string | CompiledExpression>;
  readonly references: ExpressionReferences;
}

/** End of the expression opened at `from`: the first `}}` outside string literals and map literals. */
function closingBraces(text: string, from: number): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

function parseUncached(source: string): Template {
  if (source.length > TEMPLATE_LIMITS.maxLength) throw new TemplateError(`the template is longer than ${TEMPLATE_LIMITS.maxLength} characters`, 0);
  const parts: Array<string | CompiledExpression> = [];
  const references: ExpressionReferences = { names: new Set(), steps: new Set(), vars: new Set() };
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) parts.push(source.slice(at, open));
    const close = closingBraces(source, open + 2);
    if (close < 0) throw new TemplateError('"{{" is never closed by "}}"', open);
    const text = source.slice(open + 2, close);
    if (!text.trim()) throw new TemplateError('empty "{{ }}"', open);
    let compiled: CompiledExpression;
    try {
      compiled = compileExpression(text.trim());
    } catch (err) {
      const cel = err as CelError;
      const offset = open + 2 + (text.length - text.trimStart().length) + (cel.range?.start ?? 0);
      throw new TemplateError(cel.message, offset, cel);
    }
    parts.push(compiled);
    if (parts.length > TEMPLATE_LIMITS.maxExpressions * 2) throw new TemplateError(`more than ${TEMPLATE_LIMITS.maxExpressions} expressions`, open);
    for (const key of ['names', 'steps', 'vars'] as const) for (const name of compiled.references[key]) references[key].add(name);
    at = close + 2;
  }
  if (at < source.length) parts.push(source.slice(at));
  return { source, parts, references };
}

const cache = new Map<string, Template>();

export function parseTemplate(source: string): Template {
  const hit = cache.get(source);
  if (hit) return hit;
  const template = parseUncached(source);
  if (source.length > CACHEABLE_LENGTH) return template;
  cache.set(source, template);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return template;
}

/** How a value reads inside text: strings as they are, null as nothing, the rest as JSON. */
function asText(value: JsonValue): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderTemplate(source: string, context: ExpressionContext): string {
  let out = '';
  for (const part of parseTemplate(source).parts) {
    out += typeof part === 'string' ? part : asText(part.evaluate(context));
    if (out.length > TEMPLATE_LIMITS.maxRenderedLength) {
      throw new CelError('result_too_large', `the rendered text is longer than ${TEMPLATE_LIMITS.maxRenderedLength} characters`);
    }
  }
  return out;
}

/**
 * A value that may be a template (tool arguments, inputs): a string that is exactly one
 * `{{ expression }}` yields the expression's value with its type; other strings render as text;
 * objects and lists are rendered member by member.
 */
export function renderValue(value: JsonValue, context: ExpressionContext): JsonValue {
  if (typeof value === 'string') {
    const { parts } = parseTemplate(value);
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0].evaluate(context);
    return renderTemplate(value, context);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, context)]));
  return value;
}
