// Following an ingestion job: a redrawn progress bar on a terminal, plain periodic lines elsewhere
// (CI logs), then the final counts and per-document failures.
import type { ApiClient } from './client';
import { CliError } from './client';

export interface JobCounts {
  seen: number;
  skipped: number;
  added: number;
  updated: number;
  deleted: number;
  failed: number;
  chunks?: number;
}

export interface JobProgress {
  phase: 'planning' | 'ingesting' | 'deleting' | 'done';
  batchesDone: number;
  batches: number;
  counts: JobCounts;
  failures: Array<{ documentId: string; uri: string; error: string }>;
  failuresOmitted: number;
}

export interface JobStatus {
  jobId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, … */
  status: string;
  progress?: JobProgress;
  /** Why the job ended without completing. */
  error?: { message: string; type?: string };
}

const COUNT_NAMES = ['seen', 'skipped', 'added', 'updated', 'deleted', 'failed'] as const;

export const formatCounts = (c: JobCounts) => COUNT_NAMES.map((name) => `${name} ${c[name] ?? 0}`).join(', ');

export function progressBar(progress: JobProgress | undefined, width = 24): string {
  if (!progress || progress.phase === 'planning') return `[${' '.repeat(width)}] listing documents…`;
  const fraction = progress.batches === 0 ? 1 : progress.batchesDone / progress.batches;
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const phase = progress.phase === 'deleting' ? ' · removing stale documents' : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} batch ${progress.batchesDone}/${progress.batches} · ${formatCounts(progress.counts)}${phase}`;
}

export function progressLine(progress: JobProgress | undefined): string {
  if (!progress || progress.phase === 'planning') return 'planning: listing documents';
  return `${progress.phase}: batch ${progress.batchesDone}/${progress.batches}, ${formatCounts(progress.counts)}`;
}

/** The closing report: status, counts, chunks written, and every failure the job kept. */
export function formatSummary(job: JobStatus): string {
  const lines = [`job ${job.jobId} ${job.status.toLowerCase()}`];
  if (job.error) lines.push(`  error: ${job.error.type ? `${job.error.type}: ` : ''}${job.error.message}`);
  const p = job.progress;
  if (p) {
    lines.push(`  ${formatCounts(p.counts)}${p.counts.chunks !== undefined ? ` (${p.counts.chunks} chunks written)` : ''}`);
    if (p.failures.length > 0) {
      lines.push(`  ${p.failures.length + p.failuresOmitted} document(s) failed:`);
      for (const f of p.failures) lines.push(`    ${f.documentId}: ${f.error}`);
      if (p.failuresOmitted > 0) lines.push(`    … and ${p.failuresOmitted} more`);
    }
  }
  return lines.join('\n');
}

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT']);

export interface FollowOptions {
  intervalMs?: number;
  /** Where progress goes (stderr by default, so stdout keeps only the result). */
  out?: NodeJS.WriteStream;
  /** Plain mode: at most one line per this many ms unless the job moved on. */
  plainEveryMs?: number;
}

/** Polls the job until it ends; draws progress meanwhile; returns the final status. */
export async function followJob(client: ApiClient, jobId: string, options: FollowOptions = {}): Promise<JobStatus> {
  const out = options.out ?? process.stderr;
  const interval = options.intervalMs ?? 500;
  const plainEvery = options.plainEveryMs ?? 5_000;
  const tty = out.isTTY === true;
  let lastPlain = '';
  let lastPlainAt = 0;
  let transientErrors = 0;

  for (;;) {
    let job: JobStatus;
    try {
      job = await client.request<JobStatus>('GET', `/v1/ingest/jobs/${encodeURIComponent(jobId)}`);
      transientErrors = 0;
    } catch (error) {
      // A query can fail while the worker restarts; give the job a few polls to come back.
      if (!(error instanceof CliError) || !/^5\d\d /.test(error.message) || ++transientErrors > 10) throw error;
      await sleep(interval);
      continue;
    }
    const done = FINISHED.has(job.status);
    if (tty) {
      // Cut to the terminal width: a wrapped line would not be redrawn in place.
      const bar = progressBar(job.progress);
      out.write(`\r\x1b[2K${out.columns ? bar.slice(0, out.columns - 1) : bar}${done ? '\n' : ''}`);
    } else {
      const line = progressLine(job.progress);
      const moved = line !== lastPlain;
      if (moved && (done || Date.now() - lastPlainAt >= plainEvery)) {
        out.write(`${line}\n`);
        lastPlain = line;
        lastPlainAt = Date.now();
      }
    }
    if (done) return job;
    await sleep(interval);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
