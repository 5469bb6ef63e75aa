// Traffic of a versioned definition: canary share, promote, roll back, pin. Each action says
// what it did, or why the API refused it.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { ErrorBox, Section, useAction } from '../ui';
import { versionPath, type Kind } from './definition';

type Labels = { stable: number; canary: { version: number; percent: number } | null; pinned: number | null; previousStable: number[] };

export function TrafficControls(props: { kind: Kind; name: string; labels: Labels; versions: number[]; onChange: () => void }) {
  const { kind, name, labels, versions } = props;
  const latest = versions[versions.length - 1];
  const [canaryVersion, setCanaryVersion] = useState(labels.canary?.version ?? latest);
  const [percent, setPercent] = useState(String(labels.canary?.percent ?? 10));
  const [pinVersion, setPinVersion] = useState(labels.pinned ?? labels.stable);
  const action = useAction();
  const [done, setDone] = useState('');
  const path = { name };

  const act = (what: string, call: () => Promise<unknown>) => {
    setDone('');
    return action.run(async () => {
      await call();
      setDone(what);
      props.onChange();
    });
  };
  const post = <S extends string>(suffix: S, body: unknown) =>
    must(api.POST(versionPath(kind, suffix) as '/v1/workflows/{name}/canary', { params: { path }, body: body as never }));

  const status = labels.pinned !== null ? `Every new run is pinned to v${labels.pinned}.`
    : labels.canary ? `v${labels.stable} is stable; v${labels.canary.version} gets ${labels.canary.percent}% of new runs as the canary.`
    : `v${labels.stable} is stable and gets every new run.`;

  return (
    <Section title="Traffic">
      <p data-testid="traffic-status">{status}</p>
      <form class="row" onSubmit={(e) => { e.preventDefault(); void act(`v${canaryVersion} is the canary at ${percent}%`, () => post('/canary', { version: canaryVersion, percent: Number(percent) })); }}>
        <label for="canary-version">Canary version</label>
        <select id="canary-version" value={canaryVersion} onChange={(e) => setCanaryVersion(Number(e.currentTarget.value))}>
          {versions.map((v) => <option key={v} value={v}>v{v}</option>)}
        </select>
        <label for="canary-percent">Share of new runs (%)</label>
        <input id="canary-percent" type="number" min="0" max="100" step="0.1" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />
        <button type="submit">Set canary</button>
        {labels.canary ? <button type="button" class="secondary" onClick={() => act('canary cleared', () => post('/canary', { version: null }))}>Clear canary</button> : null}
      </form>
      <div class="row">
        <button type="button" disabled={!labels.canary} onClick={() => act('canary promoted to stable', () => post('/promote', {}))}>Promote canary</button>
        <button type="button" class="danger" disabled={labels.previousStable.length === 0} onClick={() => act('rolled back to the previous stable version', () => post('/rollback', {}))}>
          Roll back{labels.previousStable.length ? ` to v${labels.previousStable[labels.previousStable.length - 1]}` : ''}
        </button>
      </div>
      <form class="row" onSubmit={(e) => { e.preventDefault(); void act(`pinned to v${pinVersion}`, () => post('/pin', { version: pinVersion })); }}>
        <label for="pin-version">Pin every run to</label>
        <select id="pin-version" value={pinVersion} onChange={(e) => setPinVersion(Number(e.currentTarget.value))}>
          {versions.map((v) => <option key={v} value={v}>v{v}</option>)}
        </select>
        <button type="submit" class="secondary">Pin</button>
        {labels.pinned !== null ? <button type="button" class="secondary" onClick={() => act('unpinned', () => post('/pin', { version: null }))}>Unpin</button> : null}
      </form>
      {done ? <p class="ok" role="status">Done: {done}.</p> : null}
      <ErrorBox error={action.error} />
    </Section>
  );
}
