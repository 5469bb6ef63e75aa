// What a resumed run reuses of the run it resumes: the recorded results of the leaf steps that
// succeeded, read back from the run's step records (the store's run_steps: outputs whole, or by
// the blob reference the run held them by), minus every step a newer definition version changed
// and every step that reads one of those — directly, through a `set` step's variables, through a
// container holding one, or through the item list of the `map` it runs in. Pure.
import { compileExpression, type ExpressionReferences, type JsonValue } from './cel';
import type { Step, WorkflowDefinition } from './definition';
import type { RecordedStepResult, StoredValue, WorkflowStepRecord } from './run-types';
import { parseTemplate } from './template';

const CONTAINERS = new Set(['branch', 'parallel', 'map']);

/** The whole output a step record gives back, or undefined when it cannot (its output was cut and not stored). */
export function recordedOutput(r: WorkflowStepRecord): JsonValue | StoredValue | undefined {
  if (r.outputRef) {
    if (typeof r.outputBytes !== 'number') return undefined;
    return { $blob: r.outputRef, bytes: r.outputBytes, preview: r.output ?? '', ...(r.outputJson ? { json: true as const } : {}) };
  }
  if (r.output === undefined || r.outputTruncated) return undefined;
  if (!r.outputJson) return r.output;
  try {
    return JSON.parse(r.output) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A step's id from its path (`review[2].summarise` → `summarise`). */
export const stepIdOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

export interface ResumePlan {
  /** By step path: what the resumed run reuses. */
  recorded: Record<string, RecordedStepResult>;
  /** Step ids of the new version that run again although the run recorded them (changed, or reading what changed). */
  changed: string[];
}

/**
 * The recorded results a run resuming `records` (a run of `from`) reuses when it runs `to`.
 * Compensation steps are never reused: a resumed run that compensates again must really undo; and
 * a step that was compensated (a cancelled run undoes the steps that completed) runs again.
 */
export function resumePlan(records: WorkflowStepRecord[], from: WorkflowDefinition, to: WorkflowDefinition): ResumePlan {
  const byPath = new Map<string, RecordedStepResult>();
  for (const r of [...records].sort((a, b) => a.index - b.index)) {
    const output = r.status === 'succeeded' && !r.compensation && !CONTAINERS.has(r.kind) ? recordedOutput(r) : undefined;
    if (output === undefined) {
      byPath.delete(r.id);
      continue;
    }
    byPath.set(r.id, { status: 'succeeded', output: output as JsonValue, ...(r.continued && r.error ? { error: r.error } : {}) });
  }
  // A step whose compensation ran was undone: it runs again, and so does what reads it.
  const owners = compensationOwners(from.steps);
  const undone = new Set(records.filter((r) => r.compensation).map((r) => owners.get(stepIdOf(r.id))).filter((id): id is string => id !== undefined));
  const dirty = from === to && undone.size === 0 ? new Set<string>() : stepsToRerun(from.steps, to.steps, undone);
  const recorded: Record<string, RecordedStepResult> = {};
  const changed = new Set<string>();
  for (const [path, result] of byPath) {
    const id = stepIdOf(path);
    if (dirty.has(id)) changed.add(id);
    else recorded[path] = result;
  }
  return { recorded, changed: [...changed] };
}

interface StepInfo {
  step: Step;
  /** Steps and variables its own fields read, with those of the item lists of enclosing maps. */
  reads: ExpressionReferences;
  /** Steps nested in it whose outputs make its output (compensation aside). */
  inner: string[];
}

/**
 * Ids of the steps of `to` that must run again: changed since `from` (or named in `rerun`), or
 * reading (transitively) one that did.
 */
export function stepsToRerun(from: Step[], to: Step[], rerun: Iterable<string> = []): Set<string> {
  const before = new Map<string, Step>();
  walk(from, (step) => before.set(step.id, step));
  const info = new Map<string, StepInfo>();
  const setters = new Map<string, string[]>();
  const visit = (steps: Step[], inherited: ExpressionReferences) => {
    for (const step of steps) {
      const reads = ownReads(step);
      for (const k of ['names', 'steps', 'vars'] as const) for (const n of inherited[k]) reads[k].add(n);
      info.set(step.id, { step, reads, inner: nested(step, false).flat().map((s) => s.id) });
      if (step.kind === 'set') for (const name of Object.keys(step.values)) setters.set(name, [...(setters.get(name) ?? []), step.id]);
      // A map's body sees its items: what `over` reads, the body reads too.
      const inside = step.kind === 'map' ? reads : inherited;
      for (const list of nested(step, true)) visit(list, inside);
    }
  };
  visit(to, refs());

  const dirty = new Set<string>([...rerun].filter((id) => info.has(id)));
  for (const [id, { step }] of info) if (!before.has(id) || shape(before.get(id)!) !== shape(step)) dirty.add(id);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, s] of info) {
      if (dirty.has(id)) continue;
      const reads = [...s.reads.steps].some((x) => dirty.has(x))
        || [...s.reads.vars].some((v) => (setters.get(v) ?? []).some((x) => dirty.has(x)))
        || s.inner.some((x) => dirty.has(x));
      if (reads) {
        dirty.add(id);
        grew = true;
      }
    }
  }
  return dirty;
}

/** Each compensation step's id → the id of the step whose `onError: compensate` holds it. */
function compensationOwners(steps: Step[]): Map<string, string> {
  const owners = new Map<string, string>();
  walk(steps, (step) => {
    if (step.onError && 'compensate' in step.onError) walk(step.onError.compensate, (c) => owners.set(c.id, step.id));
  });
  return owners;
}

const refs = (): ExpressionReferences => ({ names: new Set(), steps: new Set(), vars: new Set() });

function walk(steps: Step[], f: (s: Step) => void) {
  for (const s of steps) {
    f(s);
    for (const list of nested(s, true)) walk(list, f);
  }
}

/** The step lists nested in a step: cases, else, branches, a map body; with `compensation`, its compensation steps too. */
function nested(step: Step, compensation: boolean): Step[][] {
  const lists: Step[][] = [];
  if (step.kind === 'branch') {
    lists.push(...step.cases.map((c) => c.steps));
    if (step.else) lists.push(step.else);
  } else if (step.kind === 'parallel') lists.push(...Object.values(step.branches));
  else if (step.kind === 'map') lists.push(step.steps);
  if (compensation && step.onError && 'compensate' in step.onError) lists.push(step.onError.compensate);
  return lists;
}

/** The step's own definition, nested steps by id only (they are compared on their own). */
function shape(step: Step): string {
  const ids = (list: Step[] | undefined) => list?.map((s) => s.id);
  const own: Record<string, unknown> = { ...step };
  if (step.kind === 'branch') {
    own.cases = step.cases.map((c) => ({ when: c.when, steps: ids(c.steps) }));
    own.else = ids(step.else);
  } else if (step.kind === 'parallel') own.branches = Object.fromEntries(Object.entries(step.branches).map(([k, v]) => [k, ids(v)]));
  else if (step.kind === 'map') own.steps = ids(step.steps);
  if (step.onError && 'compensate' in step.onError) own.onError = { compensate: ids(step.onError.compensate) };
  return canonical(own);
}

function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** What a step's own expressions and templates read (not its nested steps'). */
function ownReads(step: Step): ExpressionReferences {
  const out = refs();
  const add = (r: ExpressionReferences) => {
    for (const k of ['names', 'steps', 'vars'] as const) for (const n of r[k]) out[k].add(n);
  };
  const expression = (source: string | undefined) => source !== undefined && add(compileExpression(source).references);
  const template = (source: string | undefined) => source !== undefined && add(parseTemplate(source).references);
  const templates = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.includes('{{')) template(value);
    } else if (Array.isArray(value)) value.forEach(templates);
    else if (value && typeof value === 'object') Object.values(value).forEach(templates);
  };
  expression(step.if);
  if (step.onError && 'continue' in step.onError) expression(step.onError.continue.value);
  switch (step.kind) {
    case 'llm':
      template(step.prompt);
      template(step.system);
      break;
    case 'retrieve':
      template(step.query);
      template(step.documentId);
      break;
    case 'tool':
      templates(step.arguments);
      template(step.approval?.message);
      break;
    case 'agent':
      template(step.input);
      break;
    case 'workflow':
      Object.values(step.inputs ?? {}).forEach((e) => expression(e as string));
      break;
    case 'approval':
      template(step.message);
      break;
    case 'branch':
      step.cases.forEach((c) => expression(c.when));
      break;
    case 'map':
      expression(step.over);
      break;
    case 'set':
      Object.values(step.values).forEach((e) => expression(e));
      break;
  }
  return out;
}

/** The signal names a definition's `wait` steps wait for (nested and compensation steps included). */
export function signalNames(definition: WorkflowDefinition): Set<string> {
  const names = new Set<string>();
  walk(definition.steps, (s) => {
    if (s.kind === 'wait' && s.signal !== undefined) names.add(s.signal);
  });
  return names;
}
