// Resume a registered workflow's run that failed (or was cancelled or stopped by its budget) from the
// step that failed: the steps that completed keep their results; optionally on a newer version.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { navigate } from '../router';
import { ErrorBox, Section, useAction } from '../ui';

export function ResumeRun({ runId, version }: { runId: string; version: number }) {
  const [onVersion, setOnVersion] = useState('');
  const { error, run } = useAction();
  const resume = (e: Event) => {
    e.preventDefault();
    const v = Number(onVersion.trim());
    return run(async () => {
      const resumed = await must(api.POST('/v1/runs/{id}/resume', { params: { path: { id: runId } }, body: onVersion.trim() ? { version: v } : {} }));
      navigate(`/runs/${encodeURIComponent(resumed.id)}`);
    });
  };
  return (
    <Section title="Resume from the failed step">
      <form class="row" onSubmit={resume}>
        <label for="resume-version">On version (optional, this run's is {version})</label>
        <input id="resume-version" inputMode="numeric" pattern="[1-9][0-9]*" value={onVersion} onInput={(e) => setOnVersion(e.currentTarget.value)} />
        <button type="submit">Resume run</button>
      </form>
      <ErrorBox error={error} />
    </Section>
  );
}
