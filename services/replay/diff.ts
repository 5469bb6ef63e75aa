// A replay compared with its original, step by step: steps are aligned by what they are (a model
// turn, or a call of one tool), preferring identical pairs; then an aligned pair is `same`
// or `changed` (which fields differ); unaligned steps are `new` (replay only) or `missing`
// (original only). Plus the output difference and tokens / cost side by side. Pure.
import type { RunOutcome, RunStep, RunUsage } from '../agents/types';

export interface RunSide {
  status: string;
  steps: RunStep[];
  outcome?: RunOutcome | null;
  usage?: RunUsage | null;
}

export interface StepSummary {
  index: number;
  kind: 'model' | 'tool';
  /** `model`, or `server/tool`. */
  name: string;
  text?: string;
  toolCalls?: string[];
  arguments?: Record<string, unknown>;
  result?: string;
  isError?: boolean;
  error?: string;
  tokens?: number;
  costUsd?: number;
}

export type StepStatus = 'same' | 'changed' | 'new' | 'missing';

export interface StepDiff {
  status: StepStatus;
  original?: StepSummary;
  replay?: StepSummary;
  /** For `changed`: the fields that differ. */
  changes?: string[];
}

/** A run's usage totals, as the run keeps them. */
export type UsageTotals = RunUsage;

export interface ReplayDiff {
  identical: boolean;
  counts: Record<StepStatus, number>;
  steps: StepDiff[];
  output: { same: boolean; original: { status: string; output?: string }; replay: { status: string; output?: string } };
  usage: { original: UsageTotals; replay: UsageTotals; delta: UsageTotals };
}

export function summarizeStep(step: RunStep): StepSummary {
  if (step.kind === 'model') {
    return {
      index: step.index, kind: 'model', name: 'model', text: step.text ?? '',
      toolCalls: step.toolCalls.map((c) => c.name), error: step.error,
      tokens: step.usage?.totalTokens, costUsd: step.costUsd,
    };
  }
  return {
    index: step.index, kind: 'tool', name: `${step.server}/${step.tool}`, arguments: step.arguments,
    result: step.resultPreview, isError: step.isError,
  };
}

const COMPARED: Array<keyof StepSummary> = ['text', 'toolCalls', 'error', 'arguments', 'result', 'isError'];

function changedFields(a: StepSummary, b: StepSummary): string[] {
  return COMPARED.filter((f) => canonical(a[f]) !== canonical(b[f]));
}

/** JSON with sorted keys, so argument objects compare by content. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

/**
 * Pairs of indexes (original, replay) maximising the alignment score: steps pair only with steps
 * of the same name; an unchanged pair scores 2 and a changed one 1, so among equally long
 * alignments the one keeping identical steps together wins.
 */
function align(a: StepSummary[], b: StepSummary[]): Array<[number, number]> {
  const score = (i: number, j: number) => (a[i].name !== b[j].name ? 0 : changedFields(a[i], b[j]).length === 0 ? 2 : 1);
  const best = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const w = score(i, j);
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], w > 0 ? w + best[i + 1][j + 1] : 0);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const w = score(i, j);
    if (w > 0 && best[i][j] === w + best[i + 1][j + 1]) pairs.push([i++, j++]);
    else if (best[i + 1][j] >= best[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function totals(u: RunUsage | null | undefined): UsageTotals {
  return {
    inputTokens: u?.inputTokens ?? 0, outputTokens: u?.outputTokens ?? 0, totalTokens: u?.totalTokens ?? 0,
    costUsd: u?.costUsd ?? 0, modelCalls: u?.modelCalls ?? 0, toolCalls: u?.toolCalls ?? 0,
  };
}

export function diffRuns(original: RunSide, replay: RunSide): ReplayDiff {
  const a = original.steps.map(summarizeStep);
  const b = replay.steps.map(summarizeStep);
  const steps: StepDiff[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...align(a, b), [a.length, b.length] as [number, number]]) {
    while (i < ai) steps.push({ status: 'missing', original: a[i++] });
    while (j < bj) steps.push({ status: 'new', replay: b[j++] });
    if (ai === a.length && bj === b.length) break;
    const changes = changedFields(a[ai], b[bj]);
    steps.push(changes.length === 0 ? { status: 'same', original: a[ai], replay: b[bj] } : { status: 'changed', original: a[ai], replay: b[bj], changes });
    i = ai + 1;
    j = bj + 1;
  }
  const counts: Record<StepStatus, number> = { same: 0, changed: 0, new: 0, missing: 0 };
  for (const s of steps) counts[s.status] += 1;

  const out = (side: RunSide) => ({ status: side.outcome?.status ?? side.status, output: side.outcome?.output });
  const output = { original: out(original), replay: out(replay), same: false };
  output.same = output.original.status === output.replay.status && output.original.output === output.replay.output;

  const u0 = totals(original.usage);
  const u1 = totals(replay.usage);
  const delta = Object.fromEntries(Object.keys(u0).map((k) => [k, round(u1[k as keyof UsageTotals] - u0[k as keyof UsageTotals])])) as unknown as UsageTotals;
  return {
    identical: output.same && counts.changed + counts.new + counts.missing === 0,
    counts,
    steps,
    output,
    usage: { original: u0, replay: u1, delta },
  };
}

const round = (n: number) => Math.round(n * 1e9) / 1e9;
