// A scheduled source's newest jobs: status, start and end, counts; a running job shows its live
// progress, read from its job once a second until it ends (and never after the page is left).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, api, must } from '../api';
import type { paths } from '../api-types';
import { count, ErrorBox, Loading, StatusBadge, useLoad, when } from '../ui';

type Job = paths['/v1/ingest/jobs/{jobId}']['get']['responses'][200]['content']['application/json'];

const POLL_MS = 1000;
const isRunning = (job: Job) => job.status === 'RUNNING';

/** The job as it is now: polled while it runs; stops when it ends (calling `onEnded`), on a 4xx,
 * or on unmount. */
function useLiveJob(first: Job, onEnded?: () => void): { job: Job; error?: unknown } {
  const [state, setState] = useState<{ job: Job; error?: unknown }>({ job: first });
  const ended = useRef(onEnded);
  ended.current = onEnded;
  useEffect(() => {
    if (!isRunning(first)) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const job = await must(api.GET('/v1/ingest/jobs/{jobId}', { params: { path: { jobId: first.jobId } } }));
        if (!live) return;
        setState({ job });
        if (isRunning(job)) timer = setTimeout(tick, POLL_MS);
        else ended.current?.();
      } catch (error) {
        if (!live) return;
        setState((s) => ({ ...s, error }));
        // A job that is gone or refused will not come back; a server or network fault may.
        if (!(error instanceof ApiFailure && error.status < 500)) timer = setTimeout(tick, POLL_MS);
      }
    };
    timer = setTimeout(tick, POLL_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [first.jobId]);
  return state;
}

function Counts({ job }: { job: Job }) {
  const c = job.progress?.counts;
  if (!c) return null;
  return (
    <span data-testid="job-counts">
      {count(c.seen)} {c.seen === 1 ? 'document' : 'documents'}: {count(c.added)} added, {count(c.updated)} updated, {count(c.skipped)} unchanged, {count(c.deleted)} deleted, {count(c.failed)} failed; {count(c.chunks)} chunks
    </span>
  );
}

function Progress({ job }: { job: Job }) {
  const p = job.progress;
  const id = `job-progress-${job.jobId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const total = p?.documents;
  const done = p?.counts.seen ?? 0;
  const phase = p?.phase ?? 'starting';
  const text = total === undefined ? `${phase}…` : `${count(done)} of ${count(total)} documents, ${phase}${p && p.batches > 0 ? ` (batch ${Math.min(p.batchesDone + 1, p.batches)} of ${p.batches})` : ''}`;
  return (
    <div class="job-progress">
      <label for={id} class="inline">Progress<span class="sr-only"> of job {job.jobId}</span></label>
      {total === undefined ? <progress id={id} /> : <progress id={id} max={Math.max(total, 1)} value={Math.min(done, total)} />}
      <span data-testid="job-progress-text">{text}</span>
    </div>
  );
}

function JobItem({ first, onEnded }: { first: Job; onEnded?: () => void }) {
  const { job, error } = useLiveJob(first, onEnded);
  const running = isRunning(job);
  return (
    <li data-testid="job" data-job-id={job.jobId} aria-busy={running}>
      <div aria-live="polite">
        <StatusBadge status={job.status.toLowerCase()} />{' '}
        <span class="muted">started</span> {when(job.startedAt)}{' '}
        {running ? null : <><span class="muted">finished</span> {when(job.closedAt)}</>}
      </div>
      {running ? <Progress job={job} /> : null}
      <div class="muted"><Counts job={job} /></div>
      {job.error ? <p class="error">{job.error.type ? `${job.error.type}: ` : ''}{job.error.message}</p> : null}
      <ErrorBox error={error} />
    </li>
  );
}

/** `onEnded`: a job the page watched running has ended (its collection changed). */
export function SourceJobs({ sourceId, onEnded }: { sourceId: string; onEnded?: () => void }) {
  const jobs = useLoad(() => must(api.GET('/v1/sources/{sourceId}/jobs', { params: { path: { sourceId }, query: { limit: 3 } } })), [sourceId]);
  if (jobs.error) return <ErrorBox error={jobs.error} />;
  if (!jobs.data) return <Loading what="Loading jobs" />;
  if (jobs.data.jobs.length === 0) return <span class="muted">No jobs yet</span>;
  return <ul class="jobs">{jobs.data.jobs.map((j) => <JobItem key={j.jobId} first={j} onEnded={onEnded} />)}</ul>;
}
