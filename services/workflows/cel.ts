// CEL expressions of workflow definitions, on @marcbachmann/cel-js. Workflow code evaluates them
// (through policy.ts), so this file stays deterministic: no clocks, no randomness, no Node
// built-ins. The library itself is pure JavaScript; its one hazard, `matches` (a JavaScript
// RegExp, open to catastrophic backtracking), is refused at compile time. A hostile expression is
// bounded twice: at parse (length, AST nodes, depth, literal sizes, macro nesting) and while it
// runs (every AST node evaluated is charged against a budget, big strings and lists by their size).
import { Environment, type ASTNode } from '@marcbachmann/cel-js';

export const CEL_LIMITS = {
  maxExpressionLength: 4_096,
  maxAstNodes: 400,
  maxDepth: 24,
  maxListElements: 256,
  maxMapEntries: 256,
  maxCallArguments: 16,
  /** Comprehension macros (map, filter, all, exists, exists_one) inside one another. */
  maxMacroNesting: 2,
  /** Units one evaluation may spend: one per AST node evaluated, plus the size of big values. */
  evaluationBudget: 200_000,
  maxStringLength: 1_000_000,
  maxListLength: 10_000,
} as const;

const STRING_UNIT = 256; // characters charged as one unit
const LIST_UNIT = 32; // list or map entries charged as one unit
const CACHE_SIZE = 2_000;

/** The names every expression may use; map bodies add their item variable. */
export const CONTEXT_ROOTS = ['inputs', 'steps', 'vars', 'run'] as const;

export type CelErrorCode = 'syntax' | 'type' | 'unsupported' | 'too_complex' | 'evaluation' | 'budget_exceeded' | 'result_too_large';

export class CelError extends Error {
  constructor(
    readonly code: CelErrorCode,
    message: string,
    /** Offset range in the expression text, when known. */
    readonly range?: { start: number; end: number },
  ) {
    super(message);
    this.name = 'CelError';
  }
}

/** Where an expression reaches into the evaluation context, found by walking its AST. */
export interface ExpressionReferences {
  /** Top-level identifiers not bound by a macro (`inputs`, `steps`, an item variable…). */
  names: Set<string>;
  /** Step ids named as `steps.<id>` or `steps["<id>"]`. */
  steps: Set<string>;
  /** Variables named as `vars.<name>` or `vars["<name>"]`. */
  vars: Set<string>;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What an expression sees: `inputs`, `steps.<id>.{output,status,error}`, `vars`, map variables. */
export type ExpressionContext = Record<string, unknown>;

export interface CompiledExpression {
  readonly source: string;
  readonly references: ExpressionReferences;
  /** Evaluates against a context and returns plain JSON (ints become numbers, maps objects). */
  evaluate(context: ExpressionContext): JsonValue;
}

const environment = new Environment({
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false,
  limits: {
    maxAstNodes: CEL_LIMITS.maxAstNodes,
    maxDepth: CEL_LIMITS.maxDepth,
    maxListElements: CEL_LIMITS.maxListElements,
    maxMapEntries: CEL_LIMITS.maxMapEntries,
    maxCallArguments: CEL_LIMITS.maxCallArguments,
  },
});

/** Names the language itself defines (type names such as `int`, `google`). */
export function isBuiltinName(name: string): boolean {
  return environment.hasVariable(name);
}

const REFUSED_FUNCTIONS: Record<string, string> = {
  matches: 'matches() is not available (regular expressions could run for too long); use contains, startsWith or endsWith',
};
const ACCESS_OPS = new Set(['id', '.', '.?', '[]', '[?]']);
// Nodes that hand on a value they did not make (a macro's accumulator, a ternary's branch).
const PASS_THROUGH_OPS = new Set(['accuValue', 'accuInc', 'accuPush', '?:']);

// ---- the AST, walked --------------------------------------------------------------------------

interface NodeMeta {
  alternate?: ASTNode;
  macro?: Record<string, unknown>;
}
const metaOf = (node: ASTNode) => (node as unknown as { meta: NodeMeta }).meta;
const isNode = (v: unknown): v is ASTNode => typeof v === 'object' && v !== null && typeof (v as ASTNode).op === 'string' && 'args' in v && 'start' in v;

/** Every AST node reachable from the root: arguments, macro expansions and their parts. */
function allNodes(root: ASTNode): ASTNode[] {
  const seen = new Set<object>();
  const nodes: ASTNode[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (isNode(value)) {
      nodes.push(value);
      visit(value.args);
      const meta = metaOf(value);
      visit(meta.alternate);
      if (meta.macro) for (const part of Object.values(meta.macro)) visit(part);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(root);
  return nodes;
}

function referencesOf(root: ASTNode): ExpressionReferences {
  const refs: ExpressionReferences = { names: new Set(), steps: new Set(), vars: new Set() };
  const walk = (node: ASTNode, bound: ReadonlySet<string>): void => {
    const meta = metaOf(node);
    if (meta.alternate) return walk(meta.alternate, bound);
    switch (node.op as string) {
      case 'id':
        if (!bound.has(node.args as string)) refs.names.add(node.args as string);
        return;
      case '.':
      case '.?': {
        const [target, field] = node.args as [ASTNode, string];
        if (target.op === 'id' && !bound.has(target.args)) collectMember(refs, target.args, field);
        return walk(target, bound);
      }
      case '[]':
      case '[?]': {
        const [target, key] = node.args as [ASTNode, ASTNode];
        if (target.op === 'id' && !bound.has(target.args) && key.op === 'value' && typeof key.args === 'string') {
          collectMember(refs, target.args, key.args);
        }
        walk(target, bound);
        return walk(key, bound);
      }
      case 'comprehension': {
        const args = node.args as unknown as Record<string, unknown> & { iterable: ASTNode; iterVarName: string };
        walk(args.iterable, bound);
        const inner = new Set(bound).add(args.iterVarName);
        for (const key of ['init', 'step'] as const) if (isNode(args[key])) walk(args[key] as ASTNode, inner);
        return;
      }
      case 'value':
        return;
      default:
        for (const child of childNodes(node.args)) walk(child, bound);
    }
  };
  walk(root, new Set());
  return refs;
}

function collectMember(refs: ExpressionReferences, root: string, member: string) {
  if (root === 'steps') refs.steps.add(member);
  else if (root === 'vars') refs.vars.add(member);
}

function childNodes(args: unknown): ASTNode[] {
  const found: ASTNode[] = [];
  const visit = (v: unknown) => {
    if (isNode(v)) found.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(args);
  return found;
}

/** Refuses what cannot be bounded: regular expressions, comprehensions nested too deep. */
function checkSupported(root: ASTNode): void {
  const walk = (node: ASTNode, macroDepth: number): void => {
    const meta = metaOf(node);
    if (node.op === 'call' || node.op === 'rcall') {
      const name = node.args[0] as string;
      if (REFUSED_FUNCTIONS[name]) throw new CelError('unsupported', REFUSED_FUNCTIONS[name], node.range);
    }
    if (meta.alternate) return walk(meta.alternate, macroDepth);
    if ((node.op as string) === 'comprehension') {
      if (macroDepth + 1 > CEL_LIMITS.maxMacroNesting) {
        throw new CelError('too_complex', `macros (map, filter, all, exists) nest deeper than ${CEL_LIMITS.maxMacroNesting}`, node.range);
      }
      const args = node.args as unknown as Record<string, unknown>;
      if (isNode(args.iterable)) walk(args.iterable, macroDepth);
      for (const key of ['init', 'step']) if (isNode(args[key])) walk(args[key] as ASTNode, macroDepth + 1);
      return;
    }
    for (const child of childNodes(node.args)) walk(child, macroDepth);
  };
  walk(root, 0);
}

// ---- metered evaluation -----------------------------------------------------------------------

let meter: { spent: number } | undefined;
type Evaluate = (ev: unknown, ast: ASTNode, ctx: unknown) => unknown;

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (value instanceof Uint8Array) return value.length;
  return 0;
}

function charge(node: ASTNode, value: unknown): void {
  if (!meter) return;
  let cost = 1;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    cost += Math.floor(sizeOf(value) / STRING_UNIT);
    if (!ACCESS_OPS.has(node.op) && sizeOf(value) > CEL_LIMITS.maxStringLength) {
      throw new CelError('result_too_large', `a string grew past ${CEL_LIMITS.maxStringLength} characters`, node.range);
    }
  } else if (Array.isArray(value) || value instanceof Map) {
    if (!PASS_THROUGH_OPS.has(node.op)) cost += Math.floor(sizeOf(value) / LIST_UNIT);
    if (!ACCESS_OPS.has(node.op) && sizeOf(value) > CEL_LIMITS.maxListLength) {
      throw new CelError('result_too_large', `a list grew past ${CEL_LIMITS.maxListLength} elements`, node.range);
    }
  }
  meter.spent += cost;
  if (meter.spent > CEL_LIMITS.evaluationBudget) {
    throw new CelError('budget_exceeded', `the expression does too much work (over ${CEL_LIMITS.evaluationBudget} evaluation units)`, node.range);
  }
}

/**
 * Wraps each node's evaluation with the meter. cel-js resolves a node's evaluator on first use by
 * assigning `node.evaluate`; the accessor keeps that resolved function behind the meter.
 */
function meterNode(node: ASTNode): void {
  const resolve = Object.getPrototypeOf(node).evaluate as Evaluate;
  let resolved: Evaluate | undefined;
  const metered: Evaluate = function (this: ASTNode, ev, ast, ctx) {
    const value = resolved ? resolved.call(this, ev, ast, ctx) : resolve.call(this, ev, ast, ctx);
    charge(node, value);
    return value;
  };
  Object.defineProperty(node, 'evaluate', {
    configurable: true,
    get: () => metered,
    set: (fn: Evaluate) => {
      resolved = fn;
    },
  });
}

// ---- results back to JSON ---------------------------------------------------------------------

function toJson(value: unknown, depth = 0): JsonValue {
  if (depth > 64) throw new CelError('result_too_large', 'the result nests deeper than 64 levels');
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CelError('evaluation', `the result holds ${value}, which JSON cannot carry`);
      return value;
    case 'bigint': {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new CelError('evaluation', `the integer ${value} is too large for JSON`);
      return n;
    }
  }
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v, depth + 1)]));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) throw new CelError('evaluation', 'bytes cannot be a result; convert them with string()');
  const record = value as { hasValue?: () => boolean; value?: () => unknown };
  if (typeof record.hasValue === 'function' && typeof record.value === 'function') {
    return record.hasValue() ? toJson(record.value(), depth + 1) : null; // an optional
  }
  if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v, depth + 1);
    return out;
  }
  return String(value); // durations, types, unsigned ints
}

// ---- compile and cache ------------------------------------------------------------------------

const cache = new Map<string, CompiledExpression>();

function celErrorOf(err: unknown): CelError {
  if (err instanceof CelError) return err;
  const e = err as { name?: string; summary?: string; message?: string; range?: { start: number; end: number } };
  const message = e.summary ?? e.message?.split('\n')[0] ?? String(err);
  const code = e.name === 'ParseError' ? 'syntax' : e.name === 'TypeError' ? 'type' : 'evaluation';
  return new CelError(code, message, e.range);
}

function compileUncached(source: string): CompiledExpression {
  if (source.length > CEL_LIMITS.maxExpressionLength) {
    throw new CelError('too_complex', `the expression is longer than ${CEL_LIMITS.maxExpressionLength} characters`);
  }
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(source);
  } catch (err) {
    const error = celErrorOf(err);
    throw /maximum|exceed|limit/i.test(error.message) ? new CelError('too_complex', error.message, error.range) : error;
  }
  checkSupported(parsed.ast);
  const checked = parsed.check();
  if (!checked.valid) throw celErrorOf(checked.error);
  const references = referencesOf(parsed.ast);
  for (const node of allNodes(parsed.ast)) meterNode(node);
  return {
    source,
    references,
    evaluate(context) {
      const outer = meter;
      meter = { spent: 0 };
      try {
        return toJson(parsed(context));
      } catch (err) {
        throw celErrorOf(err);
      } finally {
        meter = outer;
      }
    },
  };
}

/** Parses, checks and prepares an expression once; later calls with the same text reuse it. */
export function compileExpression(source: string): CompiledExpression {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const compiled = compileUncached(source);
  cache.set(source, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

export function evaluateExpression(source: string, context: ExpressionContext): JsonValue {
  return compileExpression(source).evaluate(context);
}

/** A condition: the expression must yield a boolean. */
export function evaluateCondition(source: string, context: ExpressionContext): boolean {
  const value = evaluateExpression(source, context);
  if (typeof value !== 'boolean') throw new CelError('evaluation', `a condition must be true or false, got ${value === null ? 'null' : typeof value}`);
  return value;
}
