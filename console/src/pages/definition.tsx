// One agent or workflow: its versions and labels, traffic (canary %, promote, roll back, pin),
// a side-by-side diff of two versions, and starting a run.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { SideBySide } from '../diff';
import { can, type Session } from '../session';
import { ErrorBox, Loading, Section, useLoad, when } from '../ui';
import { TrafficControls } from './traffic';
import { StartRun } from './start-run';

export type Kind = 'agent' | 'workflow';
/** Agents and workflows have the same version routes; the typed client names the workflow's. */
export const versionPath = <S extends string>(kind: Kind, suffix: S) => `/v1/${kind}s/{name}${suffix}` as `/v1/workflows/{name}${S}`;

export function DefinitionPage({ kind, name, session }: { kind: Kind; name: string; session: Session }) {
  const versions = useLoad(() => must(api.GET(versionPath(kind, '/versions'), { params: { path: { name } } })), [kind, name]);
  const all = versions.data?.versions ?? [];
  const writeScope = kind === 'agent' ? 'agents:write' : 'workflows:write';
  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>{kind === 'agent' ? 'Agent' : 'Workflow'} {name}</h1></div>
      <ErrorBox error={versions.error} />
      {versions.loading && !versions.data ? <Loading /> : null}
      {versions.data && (
        <>
          <Section title="Versions">
            <table>
              <thead><tr><th scope="col">Version</th><th scope="col">Labels</th><th scope="col">Digest</th><th scope="col">Registered</th></tr></thead>
              <tbody>
                {[...all].reverse().map((v) => (
                  <tr key={v.version} data-testid={`version-${v.version}`}>
                    <td>v{v.version}</td>
                    <td>{v.labels.length ? v.labels.map((l) => <span key={l} class={`badge label-${l}`}>{l}</span>) : <span class="muted">—</span>}</td>
                    <td><code title={v.digest}>{v.digest.slice(0, 12)}</code></td>
                    <td>{when(v.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          {can(session, writeScope) ? (
            <TrafficControls kind={kind} name={name} labels={versions.data.labels} versions={all.map((v) => v.version)} onChange={versions.reload} />
          ) : null}
          {all.length > 1 ? <VersionDiff kind={kind} name={name} versions={all.map((v) => v.version)} /> : null}
          {can(session, 'runs') ? <StartRun kind={kind} name={name} /> : null}
        </>
      )}
    </>
  );
}

function VersionDiff({ kind, name, versions }: { kind: Kind; name: string; versions: number[] }) {
  const [from, setFrom] = useState(versions[versions.length - 2]);
  const [to, setTo] = useState(versions[versions.length - 1]);
  const diff = useLoad(() => must(api.GET(versionPath(kind, '/diff'), { params: { path: { name }, query: { from, to } } })), [kind, name, from, to]);
  const pick = (id: string, label: string, value: number, set: (n: number) => void) => (
    <>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
        {versions.map((v) => <option key={v} value={v}>v{v}</option>)}
      </select>
    </>
  );
  return (
    <Section title="Compare versions">
      <div class="row">{pick('diff-from', 'From', from, setFrom)}{pick('diff-to', 'To', to, setTo)}</div>
      <ErrorBox error={diff.error} />
      {diff.data ? (
        <>
          <p class="muted">{diff.data.changes.length} change{diff.data.changes.length === 1 ? '' : 's'}{diff.data.changes.length ? ': ' + diff.data.changes.map((c) => `${c.path || '(whole)'} ${c.change}`).join(', ') : ''}</p>
          <SideBySide unified={diff.data.unified} leftTitle={`v${from}`} rightTitle={`v${to}`} />
        </>
      ) : null}
    </Section>
  );
}
