// Offline validation of a workflow definition: every error at once, each with its JSON path, the
// step it belongs to and, for YAML or JSON text, line and column. Registration adds the checks
// that need the tenant (validateForTenant) and refuses the whole definition on any error.
import type { ZodError } from 'zod';
import { DomainError, invalid } from '../errors';
import { cronProblem, isKnownTimeZone } from '../ingest';
import { assertTenantSchema, compileSchemaCheck } from '../json-schema';
import { CONTEXT_ROOTS, CelError, compileExpression, isBuiltinName, type ExpressionReferences } from './cel';
import { DEFINITION_LIMITS, WorkflowDefinitionSchema, type Step, type WorkflowDefinition } from './definition';
import { parseSource, structureProblem, type ParsedSource, type PathSegment, type Position } from './source';
import { TemplateError, parseTemplate } from './template';

export interface ValidationError {
  /** JSON path of the offending value: `steps[2].cases[0].when`. */
  path: string;
  message: string;
  /** The innermost step the path lies in. */
  stepId?: string;
  /** 1-based, when the definition was text. */
  line?: number;
  column?: number;
}

export type ValidationResult = { ok: true; definition: WorkflowDefinition; errors: [] } | { ok: false; errors: ValidationError[] };

/** What registration knows about the tenant; each answers whether the named thing exists for it. */
export interface TenantChecks {
  model(name: string): boolean | Promise<boolean>;
  collection(name: string): boolean | Promise<boolean>;
  /** `version` undefined: the name's stable version. */
  agent(name: string, version?: number): boolean | Promise<boolean>;
  workflow(name: string, version?: number): boolean | Promise<boolean>;
  tool(server: string, tool: string): boolean | Promise<boolean>;
}

type Path = readonly PathSegment[];

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(definition)';
}

/** `path (line:col): step "id": message`, as the CLI prints each error. */
export function formatValidationError(error: ValidationError): string {
  const where = error.line !== undefined ? ` (${error.line}:${error.column})` : '';
  const step = error.stepId ? `step "${error.stepId}": ` : '';
  return `${error.path}${where}: ${step}${error.message}`;
}

/** Collects errors against the raw value, so each can name its step and position. */
class Problems {
  readonly errors: ValidationError[] = [];
  constructor(
    private readonly raw: unknown,
    private readonly source?: ParsedSource,
  ) {}

  add(path: Path, message: string): void {
    const position: Position | undefined = this.source?.locate(path);
    this.errors.push({ path: formatPath(path), message, stepId: stepIdAt(this.raw, path), ...(position ? { line: position.line, column: position.column } : {}) });
  }
}

function stepIdAt(raw: unknown, path: Path): string | undefined {
  let node = raw;
  let id: string | undefined;
  for (const segment of path) {
    if (!node || typeof node !== 'object') break;
    node = (node as Record<PathSegment, unknown>)[segment];
    const candidate = node as { id?: unknown; kind?: unknown } | undefined;
    if (candidate && typeof candidate === 'object' && typeof candidate.id === 'string' && typeof candidate.kind === 'string') id = candidate.id;
  }
  return id;
}

function schemaErrors(error: ZodError, problems: Problems): void {
  for (const issue of error.issues) {
    const path = issue.path as PathSegment[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add([...path, key], 'unknown field');
    } else if (issue.code === 'invalid_key') {
      problems.add(path, `invalid name: ${issue.issues.map((i) => i.message).join('; ')}`);
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // onError: report the alternative the author evidently meant (the one with fewer errors).
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      for (const inner of best) {
        if (inner.code === 'unrecognized_keys') for (const key of inner.keys) problems.add([...path, ...(inner.path as PathSegment[]), key], 'unknown field');
        else problems.add([...path, ...(inner.path as PathSegment[])], inner.message);
      }
    } else {
      problems.add(path, issue.message);
    }
  }
}

// ---- the step graph ---------------------------------------------------------------------------

interface Scope {
  /** Steps that have finished (or been skipped) before this point. */
  steps: Set<string>;
  /** Variables set before this point. */
  vars: Set<string>;
  /** Map item variables in scope. */
  locals: Set<string>;
}

const copyScope = (s: Scope): Scope => ({ steps: new Set(s.steps), vars: new Set(s.vars), locals: new Set(s.locals) });

/** Each nested list of steps with its path (cases, else, branches, map body, compensation). */
function* childLists(step: Step, at: Path): Generator<{ steps: Step[]; path: Path; role: 'nested' | 'compensate' }> {
  switch (step.kind) {
    case 'branch':
      for (const [i, c] of step.cases.entries()) yield { steps: c.steps, path: [...at, 'cases', i, 'steps'], role: 'nested' };
      if (step.else) yield { steps: step.else, path: [...at, 'else'], role: 'nested' };
      break;
    case 'parallel':
      for (const [name, steps] of Object.entries(step.branches)) yield { steps, path: [...at, 'branches', name], role: 'nested' };
      break;
    case 'map':
      yield { steps: step.steps, path: [...at, 'steps'], role: 'nested' };
      break;
  }
  if (step.onError && 'compensate' in step.onError) yield { steps: step.onError.compensate, path: [...at, 'onError', 'compensate'], role: 'compensate' };
}

interface Inventory {
  ids: Map<string, Path>;
  varNames: Set<string>;
  count: number;
}

/** Counts steps, measures nesting and finds duplicate ids, across the whole definition. */
function inventory(def: WorkflowDefinition, problems: Problems): Inventory {
  const inv: Inventory = { ids: new Map(), varNames: new Set(), count: 0 };
  const visit = (steps: Step[], at: Path, depth: number) => {
    if (depth > DEFINITION_LIMITS.maxNesting) {
      problems.add(at, `steps nest deeper than ${DEFINITION_LIMITS.maxNesting} levels`);
      return;
    }
    for (const [i, step] of steps.entries()) {
      const path = [...at, i];
      inv.count++;
      const first = inv.ids.get(step.id);
      if (first) problems.add([...path, 'id'], `duplicate step id "${step.id}" (first used at ${formatPath(first)})`);
      else inv.ids.set(step.id, path);
      if (step.kind === 'set') for (const name of Object.keys(step.values)) inv.varNames.add(name);
      for (const child of childLists(step, path)) visit(child.steps, child.path, depth + 1);
    }
  };
  visit(def.steps, ['steps'], 0);
  if (inv.count > DEFINITION_LIMITS.maxSteps) problems.add(['steps'], `${inv.count} steps: at most ${DEFINITION_LIMITS.maxSteps} in the whole definition`);
  return inv;
}

class SemanticCheck {
  constructor(
    private readonly def: WorkflowDefinition,
    private readonly inv: Inventory,
    private readonly problems: Problems,
  ) {}

  run(): void {
    const top: Scope = { steps: new Set(), vars: new Set(), locals: new Set() };
    merge(top, this.list(this.def.steps, ['steps'], top));
    for (const [name, expression] of Object.entries(this.def.outputs)) this.expression(expression, ['outputs', name], top);
    this.jsonSchemas();
    this.schedules();
  }

  /** Checks a list in order; returns what becomes visible after it (ids and vars of its steps). */
  private list(steps: Step[], at: Path, outer: Scope): { steps: Set<string>; vars: Set<string> } {
    const scope = copyScope(outer);
    const added = { steps: new Set<string>(), vars: new Set<string>() };
    for (const [i, step] of steps.entries()) {
      const path = [...at, i];
      if (step.if) this.expression(step.if, [...path, 'if'], scope);
      const nested = this.step(step, path, scope);
      if (step.onError) {
        const failed = copyScope(scope);
        failed.steps.add(step.id);
        if ('continue' in step.onError) this.expression(step.onError.continue.value, [...path, 'onError', 'continue', 'value'], failed);
        else this.list(step.onError.compensate, [...path, 'onError', 'compensate'], failed);
      }
      const visible = { steps: new Set([step.id, ...nested.steps]), vars: new Set(nested.vars) };
      if (step.kind === 'set') for (const name of Object.keys(step.values)) visible.vars.add(name);
      for (const id of visible.steps) (scope.steps.add(id), added.steps.add(id));
      for (const name of visible.vars) (scope.vars.add(name), added.vars.add(name));
    }
    return added;
  }

  private step(step: Step, at: Path, scope: Scope): { steps: Set<string>; vars: Set<string> } {
    const none = { steps: new Set<string>(), vars: new Set<string>() };
    switch (step.kind) {
      case 'llm':
        this.template(step.prompt, [...at, 'prompt'], scope);
        if (step.system !== undefined) this.template(step.system, [...at, 'system'], scope);
        if (step.outputSchema) this.jsonSchema(step.outputSchema, [...at, 'outputSchema']);
        return none;
      case 'retrieve':
        this.template(step.query, [...at, 'query'], scope);
        if (step.documentId !== undefined) this.template(step.documentId, [...at, 'documentId'], scope);
        return none;
      case 'tool':
        this.jsonTemplates(step.arguments, [...at, 'arguments'], scope);
        if (step.approval.message !== undefined) this.template(step.approval.message, [...at, 'approval', 'message'], scope);
        return none;
      case 'agent':
        this.template(step.input, [...at, 'input'], scope);
        return none;
      case 'workflow':
        if (step.workflow.split('@')[0] === this.def.name) this.problems.add([...at, 'workflow'], 'a workflow may not run itself');
        for (const [name, expression] of Object.entries(step.inputs)) this.expression(expression, [...at, 'inputs', name], scope);
        return none;
      case 'approval':
        this.template(step.message, [...at, 'message'], scope);
        return none;
      case 'branch': {
        const after = { steps: new Set<string>(), vars: new Set<string>() };
        for (const [i, c] of step.cases.entries()) {
          this.expression(c.when, [...at, 'cases', i, 'when'], scope);
          merge(after, this.list(c.steps, [...at, 'cases', i, 'steps'], scope));
        }
        if (step.else) merge(after, this.list(step.else, [...at, 'else'], scope));
        return after;
      }
      case 'parallel': {
        const after = { steps: new Set<string>(), vars: new Set<string>() };
        for (const [name, steps] of Object.entries(step.branches)) merge(after, this.list(steps, [...at, 'branches', name], scope));
        return after;
      }
      case 'map': {
        this.expression(step.over, [...at, 'over'], scope);
        if (scope.locals.has(step.as)) this.problems.add([...at, 'as'], `"${step.as}" is already the item of an enclosing map`);
        const inner = copyScope(scope);
        inner.locals.add(step.as);
        this.list(step.steps, [...at, 'steps'], inner);
        return none; // steps inside run once per item: only the map's own output is visible after it
      }
      case 'wait':
        return none;
      case 'set':
        for (const [name, expression] of Object.entries(step.values)) this.expression(expression, [...at, 'values', name], scope);
        return none;
    }
  }

  private expression(source: string, at: Path, scope: Scope): void {
    try {
      this.references(compileExpression(source).references, at, scope);
    } catch (err) {
      if (!(err instanceof CelError)) throw err;
      const where = err.range ? ` at character ${err.range.start + 1}` : '';
      this.problems.add(at, `invalid expression${where}: ${err.message}`);
    }
  }

  private template(source: string, at: Path, scope: Scope): void {
    try {
      this.references(parseTemplate(source).references, at, scope);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      this.problems.add(at, `invalid template at character ${err.offset + 1}: ${err.message}`);
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
      const known = [...CONTEXT_ROOTS, ...scope.locals].join(', ');
      this.problems.add(at, `unknown name "${name}" (expressions here see ${known})`);
    }
    for (const id of refs.steps) {
      if (!this.inv.ids.has(id)) this.problems.add(at, `unknown step "${id}"`);
      else if (!scope.steps.has(id)) this.problems.add(at, `step "${id}" does not run before this point (at ${formatPath(this.inv.ids.get(id)!)})`);
    }
    for (const name of refs.vars) {
      if (!this.inv.varNames.has(name)) this.problems.add(at, `no set step sets vars.${name}`);
      else if (!scope.vars.has(name)) this.problems.add(at, `vars.${name} is not set before this point`);
    }
  }

  /** A tenant JSON Schema: RE2-safe patterns, compiles. True when usable. */
  private jsonSchema(schema: Record<string, unknown>, at: Path): boolean {
    try {
      assertTenantSchema(schema, formatPath(at));
      return true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const detail = (err.details as Array<{ path: string; message: string }> | undefined)?.[0];
      this.problems.add(at, detail && detail.path !== formatPath(at) ? `${detail.path}: ${detail.message}` : err.message.replace(`${formatPath(at)}: `, ''));
      return false;
    }
  }

  private jsonSchemas(): void {
    const inputs = this.def.inputs;
    if (inputs.type !== undefined && inputs.type !== 'object') this.problems.add(['inputs', 'type'], 'inputs are named values: the schema\'s type must be "object"');
    this.inputsUsable = this.jsonSchema(inputs, ['inputs']);
  }

  private inputsUsable = false;

  private schedules(): void {
    const check = this.inputsUsable ? compileSchemaCheck(this.def.inputs) : undefined;
    for (const [i, schedule] of this.def.schedules.entries()) {
      const at = ['schedules', i];
      const cron = cronProblem(schedule.cron);
      if (cron) this.problems.add([...at, 'cron'], `invalid cron: ${cron}`);
      if (!isKnownTimeZone(schedule.timezone)) this.problems.add([...at, 'timezone'], `unknown time zone "${schedule.timezone}"`);
      const result = check?.(schedule.inputs);
      if (result && !result.valid) this.problems.add([...at, 'inputs'], `the schedule's inputs do not match the workflow's inputs: ${result.errorMessage}`);
    }
  }
}

function merge(into: { steps: Set<string>; vars: Set<string> }, from: { steps: Set<string>; vars: Set<string> }) {
  for (const id of from.steps) into.steps.add(id);
  for (const name of from.vars) into.vars.add(name);
}

// ---- public entry points ----------------------------------------------------------------------

function validateValue(raw: unknown, source?: ParsedSource): ValidationResult {
  const problems = new Problems(raw, source);
  if (!source) {
    const structure = structureProblem(raw);
    if (structure) return { ok: false, errors: [{ path: '(definition)', message: structure }] };
  }
  const parsed = WorkflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    schemaErrors(parsed.error, problems);
    return { ok: false, errors: problems.errors };
  }
  const inv = inventory(parsed.data, problems);
  if (problems.errors.length === 0) new SemanticCheck(parsed.data, inv, problems).run();
  return problems.errors.length ? { ok: false, errors: problems.errors } : { ok: true, definition: parsed.data, errors: [] };
}

/** Validates a definition already parsed (a JSON request body): errors carry paths, not lines. */
export function validateDefinition(raw: unknown): ValidationResult {
  return validateValue(raw);
}

function validateText(text: string): { result: ValidationResult; source?: ParsedSource } {
  const parsed = parseSource(text);
  if ('problem' in parsed) {
    const { message, position } = parsed.problem;
    return { result: { ok: false, errors: [{ path: '(definition)', message, ...(position ? { line: position.line, column: position.column } : {}) }] } };
  }
  return { result: validateValue(parsed.source.value, parsed.source), source: parsed.source };
}

/** Validates YAML or JSON text: errors also carry line and column. */
export function validateDefinitionText(text: string): ValidationResult {
  return validateText(text).result;
}

interface TenantQuestion {
  path: Path;
  ask: () => boolean | Promise<boolean>;
  message: string;
}

function* tenantQuestions(def: WorkflowDefinition, checks: TenantChecks): Generator<TenantQuestion> {
  function* walk(steps: Step[], at: Path): Generator<TenantQuestion> {
    for (const [i, step] of steps.entries()) {
      const path = [...at, i];
      switch (step.kind) {
        case 'llm':
          yield { path: [...path, 'model'], ask: () => checks.model(step.model), message: `unknown model "${step.model}"` };
          break;
        case 'retrieve':
          yield { path: [...path, 'collection'], ask: () => checks.collection(step.collection), message: `unknown collection "${step.collection}"` };
          break;
        case 'tool':
          yield { path: [...path, 'tool'], ask: () => checks.tool(step.server, step.tool), message: `no tool "${step.tool}" on MCP server "${step.server}"` };
          break;
        case 'agent': {
          const [name, version] = step.agent.split('@');
          yield { path: [...path, 'agent'], ask: () => checks.agent(name, version ? Number(version) : undefined), message: `unknown agent "${step.agent}"` };
          break;
        }
        case 'workflow': {
          const [name, version] = step.workflow.split('@');
          yield { path: [...path, 'workflow'], ask: () => checks.workflow(name, version ? Number(version) : undefined), message: `unknown workflow "${step.workflow}"` };
          break;
        }
      }
      for (const child of childLists(step, path)) yield* walk(child.steps, child.path);
    }
  }
  yield* walk(def.steps, ['steps']);
}

/**
 * The offline checks, then what only the tenant can answer: models, collections, tools, agents and
 * workflows named by the steps. Each distinct question is asked once.
 */
export async function validateForTenant(definition: string | unknown, checks: TenantChecks): Promise<ValidationResult> {
  const { result: offline, source } = typeof definition === 'string' ? validateText(definition) : { result: validateDefinition(definition), source: undefined };
  if (!offline.ok) return offline;
  const problems = new Problems(source?.value ?? definition, source);
  const answers = new Map<string, Promise<boolean>>();
  const questions = [...tenantQuestions(offline.definition, checks)];
  const results = await Promise.all(
    questions.map((q) => {
      if (!answers.has(q.message)) answers.set(q.message, Promise.resolve(q.ask()));
      return answers.get(q.message)!;
    }),
  );
  questions.forEach((q, i) => {
    if (!results[i]) problems.add(q.path, q.message);
  });
  return problems.errors.length ? { ok: false, errors: problems.errors } : offline;
}

/** For registration: the definition, or an `invalid` DomainError whose details list every error. */
export function definitionOrThrow(result: ValidationResult): WorkflowDefinition {
  if (result.ok) return result.definition;
  const first = result.errors[0];
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  throw invalid(`invalid workflow definition: ${formatValidationError(first)}${more}`, result.errors, 'invalid_workflow');
}
