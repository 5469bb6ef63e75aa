// The shell: session check, login, navigation and the page for the current path.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { whenUnauthorized } from './api';
import { Link, match, navigate, usePath } from './router';
import { currentSession, logOut, type Session } from './session';
import { Loading } from './ui';
import { LoginPage } from './pages/login';
import { DefinitionsPage } from './pages/definitions';
import { DefinitionPage } from './pages/definition';
import { RegisterPage } from './pages/register';
import { RunsPage } from './pages/runs';
import { RunPage } from './pages/run';
import { ApprovalsPage } from './pages/approvals';
import { KnowledgePage } from './pages/knowledge';
import { ReplayPage } from './pages/replay';
import { UsagePage } from './pages/usage';

const NAV: Array<[string, string]> = [
  ['/definitions', 'Agents & workflows'],
  ['/runs', 'Runs'],
  ['/approvals', 'Approvals'],
  ['/knowledge', 'Knowledge'],
  ['/usage', 'Usage'],
];

/** Each page: its path pattern and what renders it. The first match wins. */
const PAGES: Array<[string, (p: Record<string, string>, s: Session) => ComponentChildren]> = [
  ['/', () => <DefinitionsPage />],
  ['/definitions', () => <DefinitionsPage />],
  ['/definitions/:kind/:name', (p, s) => <DefinitionPage kind={p.kind === 'agent' ? 'agent' : 'workflow'} name={p.name} session={s} />],
  ['/register', () => <RegisterPage />],
  ['/runs', () => <RunsPage />],
  ['/runs/:id', (p, s) => <RunPage id={p.id} session={s} />],
  ['/approvals', () => <ApprovalsPage />],
  ['/knowledge', () => <KnowledgePage />],
  ['/replays/:id', (p) => <ReplayPage id={p.id} />],
  ['/usage', () => <UsagePage />],
];

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const path = usePath();
  useEffect(() => {
    whenUnauthorized(() => setSession(null));
    currentSession().then(setSession, () => setSession(null));
  }, []);
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus();
  }, [path]);

  if (session === undefined) return <Loading what="Checking your session" />;
  if (session === null) return <LoginPage onLogin={setSession} />;

  let page: ComponentChildren = <p>No page here. <Link href="/definitions">Agents & workflows</Link></p>;
  for (const [pattern, render] of PAGES) {
    const params = match(pattern, path);
    if (params) { page = render(params, session); break; }
  }
  const section = '/' + path.split('/')[1];
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <strong class="brand">Keel Console</strong>
        <nav aria-label="Main">
          {NAV.map(([href, label]) => (
            <Link key={href} href={href} aria-current={section === href || (href === '/runs' && section === '/replays') ? 'page' : undefined}>{label}</Link>
          ))}
        </nav>
        <span class="tenant" data-testid="tenant">Tenant: {session.tenant.name}</span>
        <button type="button" class="secondary" onClick={async () => { await logOut(); setSession(null); navigate('/'); }}>Log out</button>
      </header>
      <main id="main">{page}</main>
    </>
  );
}
