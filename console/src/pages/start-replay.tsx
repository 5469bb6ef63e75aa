// Start a replay of an ended run: exact (the recorded model answers), model (another model or
// agent version, recorded tool results) or live (everything called again); then compare.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { navigate } from '../router';
import { ErrorBox, Section, useAction } from '../ui';

export function StartReplay({ runId }: { runId: string }) {
  const [mode, setMode] = useState<'exact' | 'model' | 'live'>('exact');
  const [model, setModel] = useState('');
  const { error, run } = useAction();
  const start = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const replay = await must(api.POST('/v1/replays', { body: { runId, mode, ...(mode !== 'exact' && model.trim() ? { model: model.trim() } : {}) } }));
      navigate(`/replays/${encodeURIComponent(replay.id)}`);
    });
  };
  return (
    <Section title="Replay">
      <form class="row" onSubmit={start}>
        <label for="replay-mode">Mode</label>
        <select id="replay-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as typeof mode)}>
          <option value="exact">exact: recorded model answers</option>
          <option value="model">model: call a model again</option>
          <option value="live">live: call models and tools again</option>
        </select>
        {mode !== 'exact' ? (
          <>
            <label for="replay-model">Model (optional)</label>
            <input id="replay-model" value={model} onInput={(e) => setModel(e.currentTarget.value)} />
          </>
        ) : null}
        <button type="submit">Start replay</button>
      </form>
      <ErrorBox error={error} />
    </Section>
  );
}
