// What changed between two versions of a definition: every changed JSON path with its value
// before and after, and a unified diff of the two as YAML (a longest-common-subsequence line diff;
// no diff library is installed).
import { stringify } from 'yaml';

export interface PathChange {
  /** `tools[0].approval`; `` (empty) for the whole document. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export function changedPaths(before: unknown, after: unknown, path = ''): PathChange[] {
  if (sameJson(before, after)) return [];
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  if (bothArrays) {
    const out: PathChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= before.length) out.push({ path: p, change: 'added', after: after[i] });
      else if (i >= after.length) out.push({ path: p, change: 'removed', before: before[i] });
      else out.push(...changedPaths(before[i], after[i], p));
    }
    return out;
  }
  if (bothObjects) {
    const out: PathChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) {
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`;
      if (!(k in before)) out.push({ path: p, change: 'added', after: after[k] });
      else if (!(k in after)) out.push({ path: p, change: 'removed', before: before[k] });
      else out.push(...changedPaths(before[k], after[k], p));
    }
    return out;
  }
  return [{ path, change: 'changed', before, after }];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
// By content: key order does not make two definitions differ.
function sameJson(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Above this many cells the middle of the two texts is shown replaced as a whole instead of aligned line by line. */
const MAX_LCS_CELLS = 4_000_000;
const CONTEXT = 3;

type Line = { op: ' ' | '-' | '+'; text: string };

export function unifiedYamlDiff(before: unknown, after: unknown, labels: { from: string; to: string }): string {
  const a = stringify(before, { sortMapEntries: true }).split('\n');
  const b = stringify(after, { sortMapEntries: true }).split('\n');
  if (a.at(-1) === '') a.pop();
  if (b.at(-1) === '') b.pop();
  const lines = lineDiff(a, b);
  if (lines.every((l) => l.op === ' ')) return '';
  return [`--- ${labels.from}`, `+++ ${labels.to}`, ...hunks(lines)].join('\n') + '\n';
}

export function lineDiff(a: string[], b: string[]): Line[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const head = a.slice(0, start).map((text): Line => ({ op: ' ', text }));
  const tail = a.slice(endA).map((text): Line => ({ op: ' ', text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  return [...head, ...middle(x, y), ...tail];
}

function middle(x: string[], y: string[]): Line[] {
  if ((x.length + 1) * (y.length + 1) > MAX_LCS_CELLS) {
    return [...x.map((text): Line => ({ op: '-', text })), ...y.map((text): Line => ({ op: '+', text }))];
  }
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) { out.push({ op: ' ', text: x[i] }); i++; j++; }
    else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) out.push({ op: '-', text: x[i++] });
    else out.push({ op: '+', text: y[j++] });
  }
  while (i < x.length) out.push({ op: '-', text: x[i++] });
  while (j < y.length) out.push({ op: '+', text: y[j++] });
  return out;
}

/** `@@ -a,n +b,m @@` hunks with three lines of context, as `diff -u` prints them. */
function hunks(lines: Line[]): string[] {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k] - CONTEXT);
    let to = Math.min(lines.length, changed[k] + CONTEXT + 1);
    while (k + 1 < changed.length && changed[k + 1] - CONTEXT <= to) to = Math.min(lines.length, changed[++k] + CONTEXT + 1);
    k++;
    const before = lines.slice(0, from);
    const aStart = before.filter((l) => l.op !== '+').length;
    const bStart = before.filter((l) => l.op !== '-').length;
    const body = lines.slice(from, to);
    const aLen = body.filter((l) => l.op !== '+').length;
    const bLen = body.filter((l) => l.op !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`, ...body.map((l) => l.op + l.text));
  }
  return out;
}
