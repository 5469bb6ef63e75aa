// Offline validation of a workflow definition: every error at once, each with its JSON path, the
// step it belongs to and, for YAML or JSON text, line and column. Registration adds the checks
// that need the tenant (validateForTenant) and refuses the whole definition on any error.
import type { ZodError } from 'zod';
import { invalid } from '../errors';
import { WorkflowDefinitionSchema, type Step, type WorkflowDefinition } from './definition';
import { checkGraph, childLists, formatPath } from './graph-check';
import { parseSource, structureProblem, type ParsedSource, type PathSegment, type Position } from './source';

export { formatPath };

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

/**
 * Whether the named thing exists for the tenant: `true`, `false` (reported as "unknown …"), or the
 * reason it cannot be used when that says more (`MCP server "x" did not answer within 10s`).
 */
export type TenantAnswer = boolean | string;

/** What registration knows about the tenant; each answers whether the named thing exists for it. */
export interface TenantChecks {
  model(name: string): TenantAnswer | Promise<TenantAnswer>;
  collection(name: string): TenantAnswer | Promise<TenantAnswer>;
  /** `version` undefined: the name's stable version. */
  agent(name: string, version?: number): TenantAnswer | Promise<TenantAnswer>;
  workflow(name: string, version?: number): TenantAnswer | Promise<TenantAnswer>;
  tool(server: string, tool: string): TenantAnswer | Promise<TenantAnswer>;
}

type Path = readonly PathSegment[];

/** `path (line:col): step "id": message`, as the CLI prints each error. */
export function formatValidationError(error: ValidationError): string {
  const where = error.line !== undefined ? ` (${error.line}:${error.column})` : '';
  const step = error.stepId ? `step "${error.stepId}": ` : '';
  return `${error.path}${where}: ${step}${error.message}`;
}

/** More are not listed: a hostile definition must not produce an unbounded answer. */
export const MAX_REPORTED_ERRORS = 100;

/** Collects errors against the raw value, so each can name its step and position. */
class Problems {
  readonly errors: ValidationError[] = [];
  private unlisted = 0;
  constructor(
    private readonly raw: unknown,
    private readonly source?: ParsedSource,
  ) {}

  add(path: Path, message: string): void {
    if (this.errors.length >= MAX_REPORTED_ERRORS) {
      this.unlisted++;
      return;
    }
    const formatted = formatPath(path);
    if (this.errors.some((e) => e.path === formatted && e.message === message)) return;
    const position: Position | undefined = this.source?.locate(path);
    this.errors.push({ path: formatted, message, stepId: stepIdAt(this.raw, path), ...(position ? { line: position.line, column: position.column } : {}) });
  }

  /** In the order of the text when there is one. */
  sorted(): ValidationError[] {
    const key = (e: ValidationError) => (e.line ?? 0) * 1e6 + (e.column ?? 0);
    const listed = this.source ? [...this.errors].sort((a, b) => key(a) - key(b)) : this.errors;
    return this.unlisted ? [...listed, { path: '(definition)', message: `${this.unlisted} more errors not listed` }] : listed;
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

// ---- public entry points ----------------------------------------------------------------------

function validateValue(raw: unknown, source?: ParsedSource): ValidationResult {
  const problems = new Problems(raw, source);
  if (!source) {
    const structure = structureProblem(raw);
    if (structure) return { ok: false, errors: [{ path: '(definition)', message: structure }] };
  }
  const parsed = WorkflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) schemaErrors(parsed.error, problems);
  checkGraph(raw, (path, message) => problems.add(path, message));
  if (problems.errors.length || !parsed.success) return { ok: false, errors: problems.sorted() };
  return { ok: true, definition: parsed.data, errors: [] };
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
  ask: () => TenantAnswer | Promise<TenantAnswer>;
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
      for (const child of childLists(step, path)) yield* walk(child.steps as Step[], child.path);
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
  const answers = new Map<string, Promise<TenantAnswer>>();
  const questions = [...tenantQuestions(offline.definition, checks)];
  const results = await Promise.all(
    questions.map((q) => {
      if (!answers.has(q.message)) answers.set(q.message, Promise.resolve(q.ask()));
      return answers.get(q.message)!;
    }),
  );
  questions.forEach((q, i) => {
    const answer = results[i];
    if (answer !== true) problems.add(q.path, typeof answer === 'string' && answer ? answer : q.message);
  });
  return problems.errors.length ? { ok: false, errors: problems.sorted() } : offline;
}

/** One error as the API reports it: `{ path, step, line, column, message }` (step, line, column when known). */
export interface ReportedValidationError {
  path: string;
  step?: string;
  line?: number;
  column?: number;
  message: string;
}

export const reportedError = (e: ValidationError): ReportedValidationError => ({
  path: e.path,
  ...(e.stepId !== undefined ? { step: e.stepId } : {}),
  ...(e.line !== undefined ? { line: e.line, column: e.column } : {}),
  message: e.message,
});

/**
 * For registration: the definition, or an `invalid` DomainError (code `invalid_workflow`) whose
 * details are `{ errors: ReportedValidationError[] }`, every error.
 */
export function definitionOrThrow(result: ValidationResult): WorkflowDefinition {
  if (result.ok) return result.definition;
  const first = result.errors[0];
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  throw invalid(`invalid workflow definition: ${formatValidationError(first)}${more}`, { errors: result.errors.map(reportedError) }, 'invalid_workflow');
}
