// Start a run of an agent (its input text) or a workflow (its inputs as JSON), then watch it.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { navigate } from '../router';
import { ErrorBox, Section, useAction } from '../ui';
import type { Kind } from './definition';

export function StartRun({ kind, name }: { kind: Kind; name: string }) {
  const [input, setInput] = useState(kind === 'workflow' ? '{}' : '');
  const { error, run: act } = useAction();
  const start = (e: Event) => {
    e.preventDefault();
    return act(async () => {
      let run: { id: string };
      if (kind === 'workflow') {
        let inputs: Record<string, unknown>;
        try { inputs = JSON.parse(input || '{}'); } catch { throw new Error('The inputs must be a JSON object.'); }
        run = await must(api.POST('/v1/workflows/{name}/runs', { params: { path: { name } }, body: { inputs } }));
      } else {
        run = await must(api.POST('/v1/runs', { body: { agent: name, input } }));
      }
      navigate(`/runs/${encodeURIComponent(run.id)}`);
    });
  };
  return (
    <Section title="Start a run">
      <form onSubmit={start}>
        <label for="run-input">{kind === 'workflow' ? 'Inputs (JSON object)' : 'Input'}</label>
        <textarea id="run-input" rows={4} value={input} onInput={(e) => setInput(e.currentTarget.value)} required={kind === 'agent'} />
        <button type="submit">Start run</button>
        <ErrorBox error={error} />
      </form>
    </Section>
  );
}
