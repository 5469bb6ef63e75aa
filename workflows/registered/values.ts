// What a run's expressions see (inputs, steps, vars, run, the map item) and where they are
// evaluated: inside the workflow (deterministic, nothing enters history), or — when they read a
// value stored by reference because it was too large for history — by the `evaluateForStep`
// activity, which loads it.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { ExpressionContext, JsonValue } from '../../services/workflows/policy';
import { isStoredValue, type StepError, type StepStatus, type StoredValue } from '../../services/workflows/types';
import type { EvaluateForStepInput, WorkflowActivities } from '../../activities/types';

type Language = typeof import('../../services/workflows/policy');
let language: Language | undefined;
/**
 * The expression language, loaded on first use: a worker evaluates the bundle's modules again for
 * every workflow it starts, and agent runs share the bundle but never evaluate an expression, so
 * they should not pay for loading the CEL engine.
 */
export const lang = (): Language => (language ??= require('../../services/workflows/policy') as Language);

const { evaluateForStep } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['expression_error'] },
});

/** A step failed: its code and message (what `steps.<id>.error` shows). */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The path of the step that failed first. */
    readonly step?: string,
    /** Its own `onError: compensate` ran: the run fails, enclosing handlers do not catch it. */
    readonly fatal = false,
  ) {
    super(message);
    this.name = 'StepFailure';
  }

  get error(): StepError {
    return { code: this.code, message: this.message };
  }
}

export type Value = JsonValue | StoredValue;

export interface StepState {
  status: StepStatus;
  output: Value;
  error?: StepError;
  /** The output holds a StoredValue somewhere. */
  stored?: boolean;
}

/** The names one step list sees. A `map` body gets a child scope per item: its steps stay inside. */
export class Scope {
  constructor(
    readonly base: { inputs: Record<string, JsonValue>; run: Record<string, JsonValue> },
    readonly steps: Record<string, StepState> = {},
    readonly vars: Record<string, Value> = {},
    readonly items: Record<string, Value> = {},
    /** Prefix of step paths: `review[2].` inside a map body. */
    readonly prefix = '',
  ) {}

  child(name: string, item: Value, prefix: string): Scope {
    return new Scope(this.base, { ...this.steps }, { ...this.vars }, { ...this.items, [name]: item }, prefix);
  }

  path(id: string): string {
    return this.prefix + id;
  }

  set(id: string, state: StepState) {
    this.steps[id] = { ...state, ...(holdsStored(state.output) ? { stored: true } : {}) };
  }

  context(): ExpressionContext {
    return { ...this.items, inputs: this.base.inputs, run: this.base.run, steps: this.steps, vars: this.vars };
  }

  /** Only what `refs` read (the activity's input stays small). */
  contextFor(refs: Refs): ExpressionContext {
    const pick = <T>(from: Record<string, T>, names: Set<string>) => Object.fromEntries([...names].filter((n) => n in from).map((n) => [n, from[n]]));
    return { ...this.items, inputs: this.base.inputs, run: this.base.run, steps: pick(this.steps, refs.steps), vars: pick(this.vars, refs.vars) };
  }

  readsStored(refs: Refs): boolean {
    for (const s of refs.steps) if (this.steps[s]?.stored) return true;
    for (const v of refs.vars) if (holdsStored(this.vars[v])) return true;
    for (const n of refs.names) if (n in this.items && holdsStored(this.items[n])) return true;
    return false;
  }
}

interface Refs { names: Set<string>; steps: Set<string>; vars: Set<string> }

function holdsStored(v: unknown, depth = 0): boolean {
  if (isStoredValue(v)) return true;
  if (depth > 3 || typeof v !== 'object' || v === null) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some((x) => holdsStored(x, depth + 1));
}

type Evaluation = EvaluateForStepInput['evaluations'][number];

function referencesOf(e: Evaluation, into: Refs = { names: new Set(), steps: new Set(), vars: new Set() }): Refs {
  const add = (r: Refs) => {
    for (const k of ['names', 'steps', 'vars'] as const) for (const n of r[k]) into[k].add(n);
  };
  if (e.kind === 'expression') add(lang().compileExpression(String(e.source)).references);
  else if (e.kind === 'template') add(lang().parseTemplate(String(e.source)).references);
  else walkStrings(e.source, (s) => add(lang().parseTemplate(s).references));
  return into;
}

function walkStrings(v: unknown, f: (s: string) => void) {
  if (typeof v === 'string') f(v);
  else if (Array.isArray(v)) v.forEach((x) => walkStrings(x, f));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => walkStrings(x, f));
}

function referencesOfAll(evaluations: Evaluation[]): Refs {
  try {
    const refs: Refs = { names: new Set(), steps: new Set(), vars: new Set() };
    for (const e of evaluations) referencesOf(e, refs);
    return refs;
  } catch (err) {
    throw asExpressionFailure(err);
  }
}

function asCondition(source: string, v: Value): boolean {
  if (typeof v !== 'boolean') throw new StepFailure('expression_error', `the condition "${source}" is not true or false`);
  return v;
}

function evaluateHere(e: Evaluation, context: ExpressionContext): JsonValue {
  if (e.kind === 'expression') return lang().evaluateExpression(String(e.source), context);
  if (e.kind === 'template') return lang().renderTemplate(String(e.source), context);
  return lang().renderValue(e.source as JsonValue, context);
}

export class Evaluator {
  constructor(private readonly inlineBytes: number) {}

  /**
   * Evaluates in the workflow when nothing read is stored, else in the activity. `inline`: the
   * result must be whole (it is passed to an activity that takes only whole values); otherwise a
   * result the activity finds too large comes back stored.
   */
  async evaluate(evaluations: Evaluation[], scope: Scope, opts: { inline?: boolean } = {}): Promise<Value[]> {
    const here = this.evaluateNow(evaluations, scope);
    if (here !== undefined) return here;
    const refs = referencesOfAll(evaluations);
    try {
      return (await evaluateForStep({ context: scope.contextFor(refs), evaluations, inlineBytes: this.inlineBytes, ...(opts.inline ? { inline: true } : {}) })) as Value[];
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      if (cause instanceof ApplicationFailure && cause.type === 'expression_error') throw new StepFailure('expression_error', cause.message);
      throw err;
    }
  }

  /**
   * The values, evaluated in the workflow without a promise (every await costs a workflow CPU);
   * undefined when an evaluation reads a stored value (then `evaluate` has the activity do it).
   */
  evaluateNow(evaluations: Evaluation[], scope: Scope): Value[] | undefined {
    if (scope.readsStored(referencesOfAll(evaluations))) return undefined;
    try {
      const context = scope.context();
      return evaluations.map((e) => evaluateHere(e, context));
    } catch (err) {
      throw asExpressionFailure(err);
    }
  }

  /** A condition evaluated in the workflow (undefined when it reads a stored value: see `condition`). */
  conditionNow(source: string, scope: Scope): boolean | undefined {
    const v = this.evaluateNow([{ kind: 'expression', source }], scope)?.[0];
    return v === undefined ? undefined : asCondition(source, v);
  }

  async expression(source: string, scope: Scope, opts: { inline?: boolean } = {}): Promise<Value> {
    return (await this.evaluate([{ kind: 'expression', source }], scope, opts))[0];
  }

  async condition(source: string, scope: Scope): Promise<boolean> {
    return asCondition(source, await this.expression(source, scope, { inline: true }));
  }

  /** A template's text, inline (for queries, messages and inputs other activities take whole). */
  async text(source: string, scope: Scope): Promise<string> {
    return String((await this.evaluate([{ kind: 'template', source }], scope, { inline: true }))[0]);
  }

  /**
   * Texts that go to a model: rendered in the workflow when small; a text above the inline
   * threshold (or one reading stored values) is rendered by the activity and comes back stored,
   * so no large prompt enters history.
   */
  async texts(sources: string[], scope: Scope): Promise<Array<string | StoredValue>> {
    const evaluations = sources.map((source) => ({ kind: 'template' as const, source }));
    const here = await this.evaluate(evaluations, scope);
    const large = here.some((t) => typeof t === 'string' && byteLength(t) > this.inlineBytes);
    if (!large) return here as Array<string | StoredValue>;
    const refs = referencesOfAll(evaluations);
    return (await evaluateForStep({ context: scope.contextFor(refs), evaluations, inlineBytes: this.inlineBytes })) as Array<string | StoredValue>;
  }

  /** The texts when they are small and read no stored value, without a promise; else undefined. */
  textsNow(sources: string[], scope: Scope): string[] | undefined {
    const here = this.evaluateNow(sources.map((source) => ({ kind: 'template' as const, source })), scope);
    if (!here || here.some((t) => typeof t !== 'string' || byteLength(t) > this.inlineBytes)) return undefined;
    return here as string[];
  }
}

export function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

function asExpressionFailure(err: unknown): StepFailure {
  if (err instanceof StepFailure) return err;
  return new StepFailure('expression_error', err instanceof Error ? err.message : String(err));
}
