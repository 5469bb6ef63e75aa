// The checks that need the whole definition: duplicate ids, size and nesting, expressions and
// templates (syntax, and that every name, step and variable they read exists and runs before
// them), JSON Schemas, schedules. They read the raw value defensively, so a definition with schema
// errors still gets these errors too: the author sees every error at once.
import { DomainError } from '../errors';
import { cronProblem, isKnownTimeZone } from '../ingest';
import { assertTenantSchema, compileSchemaCheck } from '../json-schema';
import { CONTEXT_ROOTS, CelError, compileExpression, isBuiltinName, type ExpressionReferences } from './cel';
import { DEFINITION_LIMITS } from './definition';
import type { PathSegment } from './source';
import { TemplateError, parseTemplate } from './template';

type Path = readonly PathSegment[];
type Loose = Record<string, unknown>;
export type Report = (path: Path, message: string) => void;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Loose | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const entries = (v: unknown): Array<[string, unknown]> => Object.entries(rec(v) ?? {});

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(definition)';
}

interface Scope {
  /** Steps that have finished (or been skipped) before this point. */
  steps: Set<string>;
  /** Variables set before this point. */
  vars: Set<string>;
  /** Map item variables in scope. */
  locals: Set<string>;
}
interface Visible {
  steps: Set<string>;
  vars: Set<string>;
}

const copyScope = (s: Scope): Scope => ({ steps: new Set(s.steps), vars: new Set(s.vars), locals: new Set(s.locals) });
const nothing = (): Visible => ({ steps: new Set(), vars: new Set() });
function merge(into: Visible, from: Visible) {
  for (const id of from.steps) into.steps.add(id);
  for (const name of from.vars) into.vars.add(name);
}

/** Each nested list of steps with its path: branch cases and else, parallel branches, map body, compensation. */
export function* childLists(step: Loose, at: Path): Generator<{ steps: unknown[]; path: Path }> {
  switch (step.kind) {
    case 'branch':
      for (const [i, c] of list(step.cases).entries()) yield { steps: list(rec(c)?.steps), path: [...at, 'cases', i, 'steps'] };
      if (step.else !== undefined) yield { steps: list(step.else), path: [...at, 'else'] };
      break;
    case 'parallel':
      for (const [name, steps] of entries(step.branches)) yield { steps: list(steps), path: [...at, 'branches', name] };
      break;
    case 'map':
      yield { steps: list(step.steps), path: [...at, 'steps'] };
      break;
  }
  const compensate = rec(step.onError)?.compensate;
  if (compensate !== undefined) yield { steps: list(compensate), path: [...at, 'onError', 'compensate'] };
}

interface Inventory {
  ids: Map<string, Path>;
  varNames: Set<string>;
  count: number;
  tooBig: boolean;
}

/** Counts steps, measures nesting and finds duplicate ids, across the whole definition. */
function inventory(steps: unknown[], report: Report): Inventory {
  const inv: Inventory = { ids: new Map(), varNames: new Set(), count: 0, tooBig: false };
  const visit = (items: unknown[], at: Path, depth: number) => {
    if (depth > DEFINITION_LIMITS.maxNesting) {
      report(at, `steps nest deeper than ${DEFINITION_LIMITS.maxNesting} levels`);
      inv.tooBig = true;
      return;
    }
    for (const [i, item] of items.entries()) {
      const step = rec(item);
      if (!step) continue;
      const path = [...at, i];
      inv.count++;
      const id = str(step.id);
      if (id !== undefined) {
        const first = inv.ids.get(id);
        if (first) report([...path, 'id'], `duplicate step id "${id}" (first used at ${formatPath(first)})`);
        else inv.ids.set(id, path);
      }
      if (step.kind === 'set') for (const [name] of entries(step.values)) inv.varNames.add(name);
      for (const child of childLists(step, path)) visit(child.steps, child.path, depth + 1);
    }
  };
  visit(steps, ['steps'], 0);
  if (inv.count > DEFINITION_LIMITS.maxSteps) {
    report(['steps'], `${inv.count} steps: at most ${DEFINITION_LIMITS.maxSteps} in the whole definition`);
    inv.tooBig = true;
  }
  return inv;
}

export function checkGraph(raw: unknown, report: Report): void {
  const def = rec(raw);
  if (!def) return;
  const inv = inventory(list(def.steps), report);
  if (inv.tooBig) return; // expressions of an oversized definition are not worth the work
  new GraphCheck(def, inv, report).run();
}

class GraphCheck {
  private inputsUsable = false;

  constructor(
    private readonly def: Loose,
    private readonly inv: Inventory,
    private readonly report: Report,
  ) {}

  run(): void {
    const top: Scope = { steps: new Set(), vars: new Set(), locals: new Set() };
    merge(top, this.list(list(this.def.steps), ['steps'], top));
    for (const [name, expression] of entries(this.def.outputs)) this.expression(expression, ['outputs', name], top);
    this.inputs();
    this.schedules();
  }

  /** Checks a list in order; returns what becomes visible after it (ids and vars of its steps). */
  private list(steps: unknown[], at: Path, outer: Scope): Visible {
    const scope = copyScope(outer);
    const added = nothing();
    for (const [i, item] of steps.entries()) {
      const step = rec(item);
      if (!step) continue;
      const path = [...at, i];
      const id = str(step.id);
      if (step.if !== undefined) this.expression(step.if, [...path, 'if'], scope);
      const visible = this.step(step, path, scope);
      const onError = rec(step.onError);
      if (onError) {
        const failed = copyScope(scope);
        if (id) failed.steps.add(id);
        if (onError.continue !== undefined) this.expression(rec(onError.continue)?.value, [...path, 'onError', 'continue', 'value'], failed);
        if (onError.compensate !== undefined) this.list(list(onError.compensate), [...path, 'onError', 'compensate'], failed);
      }
      if (id) visible.steps.add(id);
      if (step.kind === 'set') for (const [name] of entries(step.values)) visible.vars.add(name);
      merge(scope, visible);
      merge(added, visible);
    }
    return added;
  }

  private step(step: Loose, at: Path, scope: Scope): Visible {
    switch (step.kind) {
      case 'llm':
        this.template(step.prompt, [...at, 'prompt'], scope);
        this.template(step.system, [...at, 'system'], scope);
        if (rec(step.outputSchema)) this.jsonSchema(rec(step.outputSchema)!, [...at, 'outputSchema']);
        return nothing();
      case 'retrieve':
        this.template(step.query, [...at, 'query'], scope);
        this.template(step.documentId, [...at, 'documentId'], scope);
        return nothing();
      case 'tool':
        this.jsonTemplates(step.arguments, [...at, 'arguments'], scope);
        this.template(rec(step.approval)?.message, [...at, 'approval', 'message'], scope);
        return nothing();
      case 'agent':
        this.template(step.input, [...at, 'input'], scope);
        return nothing();
      case 'workflow':
        if (str(step.workflow)?.split('@')[0] === this.def.name) this.report([...at, 'workflow'], 'a workflow may not run itself');
        for (const [name, expression] of entries(step.inputs)) this.expression(expression, [...at, 'inputs', name], scope);
        return nothing();
      case 'approval':
        this.template(step.message, [...at, 'message'], scope);
        return nothing();
      case 'branch': {
        const after = nothing();
        for (const [i, c] of list(step.cases).entries()) {
          this.expression(rec(c)?.when, [...at, 'cases', i, 'when'], scope);
          merge(after, this.list(list(rec(c)?.steps), [...at, 'cases', i, 'steps'], scope));
        }
        merge(after, this.list(list(step.else), [...at, 'else'], scope));
        return after;
      }
      case 'parallel': {
        const after = nothing();
        for (const [name, steps] of entries(step.branches)) merge(after, this.list(list(steps), [...at, 'branches', name], scope));
        return after;
      }
      case 'map': {
        this.expression(step.over, [...at, 'over'], scope);
        const as = str(step.as) ?? 'item';
        if (scope.locals.has(as)) this.report([...at, 'as'], `"${as}" is already the item of an enclosing map`);
        const inner = copyScope(scope);
        inner.locals.add(as);
        this.list(list(step.steps), [...at, 'steps'], inner);
        return nothing(); // steps inside run once per item: only the map's own output is visible after it
      }
      case 'set':
        for (const [name, expression] of entries(step.values)) this.expression(expression, [...at, 'values', name], scope);
        return nothing();
      default:
        return nothing();
    }
  }

  /** Strings only: what is not a string is the schema's error. */
  private expression(source: unknown, at: Path, scope: Scope): void {
    if (typeof source !== 'string' || !source) return;
    try {
      this.references(compileExpression(source).references, at, scope);
    } catch (err) {
      if (!(err instanceof CelError)) throw err;
      const where = err.range ? ` at character ${err.range.start + 1}` : '';
      this.report(at, `invalid expression${where}: ${err.message}`);
    }
  }

  private template(source: unknown, at: Path, scope: Scope): void {
    if (typeof source !== 'string') return;
    try {
      this.references(parseTemplate(source).references, at, scope);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      this.report(at, `invalid template at character ${err.offset + 1}: ${err.message}`);
    }
  }

  /** Strings anywhere in a JSON value are templates. */
  private jsonTemplates(value: unknown, at: Path, scope: Scope): void {
    if (typeof value === 'string') {
      if (value.includes('{{')) this.template(value, at, scope);
    } else if (Array.isArray(value)) value.forEach((v, i) => this.jsonTemplates(v, [...at, i], scope));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.jsonTemplates(v, [...at, k], scope);
  }

  private references(refs: ExpressionReferences, at: Path, scope: Scope): void {
    for (const name of refs.names) {
      if ((CONTEXT_ROOTS as readonly string[]).includes(name) || scope.locals.has(name) || isBuiltinName(name)) continue;
      this.report(at, `unknown name "${name}" (expressions here see ${[...CONTEXT_ROOTS, ...scope.locals].join(', ')})`);
    }
    for (const id of refs.steps) {
      if (!this.inv.ids.has(id)) this.report(at, `unknown step "${id}"`);
      else if (!scope.steps.has(id)) this.report(at, `step "${id}" does not run before this point (at ${formatPath(this.inv.ids.get(id)!)})`);
    }
    for (const name of refs.vars) {
      if (!this.inv.varNames.has(name)) this.report(at, `no set step sets vars.${name}`);
      else if (!scope.vars.has(name)) this.report(at, `vars.${name} is not set before this point`);
    }
  }

  /** A tenant JSON Schema: RE2-safe patterns, compiles. True when usable. */
  private jsonSchema(schema: Loose, at: Path): boolean {
    try {
      assertTenantSchema(schema, formatPath(at));
      return true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const detail = (err.details as Array<{ path: string; message: string }> | undefined)?.[0];
      this.report(at, detail && detail.path !== formatPath(at) ? `${detail.path}: ${detail.message}` : err.message.replace(`${formatPath(at)}: `, ''));
      return false;
    }
  }

  private inputs(): void {
    const inputs = rec(this.def.inputs);
    if (!inputs) return;
    if (inputs.type !== undefined && inputs.type !== 'object') this.report(['inputs', 'type'], 'inputs are named values: the schema\'s type must be "object"');
    this.inputsUsable = this.jsonSchema(inputs, ['inputs']);
  }

  private schedules(): void {
    const inputs = rec(this.def.inputs);
    const check = this.inputsUsable && inputs ? compileSchemaCheck(inputs) : undefined;
    for (const [i, item] of list(this.def.schedules).entries()) {
      const schedule = rec(item);
      if (!schedule) continue;
      const at = ['schedules', i];
      const cron = str(schedule.cron);
      const problem = cron === undefined ? undefined : cronProblem(cron);
      if (problem) this.report([...at, 'cron'], `invalid cron: ${problem}`);
      const timezone = str(schedule.timezone);
      if (timezone !== undefined && timezone.length <= 100 && !isKnownTimeZone(timezone)) this.report([...at, 'timezone'], `unknown time zone "${timezone}"`);
      const result = check?.(schedule.inputs ?? {});
      if (result && !result.valid) this.report([...at, 'inputs'], `the schedule's inputs do not match the workflow's inputs: ${result.errorMessage}`);
    }
  }
}
