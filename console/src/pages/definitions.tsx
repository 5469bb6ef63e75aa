// Agents and workflows: every name with its latest version and the versions its runs get.
import { api, must } from '../api';
import { Link } from '../router';
import { ErrorBox, Loading, Section, useLoad, when } from '../ui';

type Labels = { stable: number; canary: { version: number; percent: number } | null; pinned: number | null };

const traffic = (l: Labels) =>
  l.pinned !== null ? `pinned to v${l.pinned}` : l.canary ? `v${l.stable} stable, v${l.canary.version} canary ${l.canary.percent}%` : `v${l.stable} stable`;

export function DefinitionsPage() {
  const workflows = useLoad(() => must(api.GET('/v1/workflows')));
  const agents = useLoad(() => must(api.GET('/v1/agents')));
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Agents & workflows</h1>
        <Link class="button" href="/register">Register from YAML</Link>
      </div>
      <Section title="Workflows">
        {workflows.loading && !workflows.data ? <Loading /> : null}
        <ErrorBox error={workflows.error} />
        {workflows.data && (workflows.data.workflows.length === 0 ? <p class="muted">No workflows yet.</p> : (
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Latest</th><th scope="col">Traffic</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              {workflows.data.workflows.map((w) => (
                <tr key={w.name}>
                  <td><Link href={`/definitions/workflow/${encodeURIComponent(w.name)}`}>{w.name}</Link></td>
                  <td>v{w.latestVersion}</td>
                  <td>{traffic(w.labels)}</td>
                  <td>{when(w.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </Section>
      <Section title="Agents">
        {agents.loading && !agents.data ? <Loading /> : null}
        <ErrorBox error={agents.error} />
        {agents.data && (agents.data.agents.length === 0 ? <p class="muted">No agents yet.</p> : (
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Latest</th><th scope="col">Stable</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              {agents.data.agents.map((a) => (
                <tr key={a.name}>
                  <td><Link href={`/definitions/agent/${encodeURIComponent(a.name)}`}>{a.name}</Link></td>
                  <td>v{a.latestVersion}</td>
                  <td>v{a.stableVersion}</td>
                  <td>{when(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </Section>
    </>
  );
}
