// Register an agent or a workflow from pasted YAML. A refused definition lists each error with its
// line and column; the editor's gutter marks those lines and each error moves the cursor there.
import { parseDocument } from 'yaml';
import { useRef, useState } from 'preact/hooks';
import { api, ApiFailure, must } from '../api';
import { Link, navigate } from '../router';
import { ErrorBox } from '../ui';

interface LineError { line?: number; column?: number; path?: string; message: string }

/** The errors an invalid definition answer lists (workflows: with line and column). */
export function lineErrors(err: unknown): LineError[] {
  if (!(err instanceof ApiFailure)) return [];
  const details = err.details as { errors?: unknown; issues?: unknown } | undefined;
  const list = Array.isArray(details?.errors) ? details.errors : Array.isArray(details?.issues) ? details.issues : [];
  return list.map((e: any) => ({ line: e.line, column: e.column, path: Array.isArray(e.path) ? e.path.join('.') : e.path, message: String(e.message ?? e) }));
}

/** Agents are registered as JSON: the YAML is parsed here, its syntax errors at their line. */
function agentBody(source: string): Record<string, unknown> {
  const doc = parseDocument(source);
  const problem = doc.errors[0];
  if (problem) {
    throw new ApiFailure(400, 'invalid_yaml', 'The YAML does not parse', { errors: [{ line: problem.linePos?.[0].line, column: problem.linePos?.[0].col, message: problem.message.split('\n')[0] }] });
  }
  const value = doc.toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('An agent definition is a YAML mapping.');
  return value;
}

export function RegisterPage() {
  const [kind, setKind] = useState<'workflow' | 'agent'>('workflow');
  const [source, setSource] = useState('');
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<{ name: string; version: number; created: boolean }>();
  const editor = useRef<HTMLTextAreaElement>(null);
  const errors = lineErrors(error);
  const badLines = new Set(errors.map((e) => e.line).filter((l): l is number => typeof l === 'number'));
  const lineCount = Math.max(1, source.split('\n').length);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setResult(undefined);
    try {
      if (kind === 'workflow') {
        const r = await must(api.POST('/v1/workflows', { body: source, bodySerializer: (b: string) => b, headers: { 'content-type': 'application/yaml' } }));
        setResult({ name: r.workflow.name, version: r.workflow.version, created: r.created });
      } else {
        const r = await must(api.POST('/v1/agents', { body: agentBody(source) as never }));
        setResult({ name: r.agent.name, version: r.agent.version, created: r.created });
      }
    } catch (err) {
      setError(err);
    }
  };

  const goTo = (line?: number) => {
    const area = editor.current;
    if (!area || !line) return;
    const lines = source.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>Register from YAML</h1></div>
      <form class="card" onSubmit={submit}>
        <fieldset class="row">
          <legend>Kind</legend>
          {(['workflow', 'agent'] as const).map((k) => (
            <label key={k} class="inline"><input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k}</label>
          ))}
        </fieldset>
        <label for="definition">Definition (YAML)</label>
        <div class="editor">
          <ol class="gutter" aria-hidden="true">
            {Array.from({ length: lineCount }, (_, i) => <li key={i} class={badLines.has(i + 1) ? 'bad' : ''}>{i + 1}</li>)}
          </ol>
          <textarea
            id="definition" ref={editor} rows={18} spellcheck={false} value={source} wrap="off"
            aria-invalid={errors.length > 0} aria-describedby={errors.length ? 'definition-errors' : undefined}
            onInput={(e) => setSource(e.currentTarget.value)}
            onScroll={(e) => { (e.currentTarget.previousElementSibling as HTMLElement).scrollTop = e.currentTarget.scrollTop; }}
          />
        </div>
        <button type="submit" disabled={!source.trim()}>Register</button>
        {errors.length ? (
          <div id="definition-errors" role="alert" class="error">
            <p>{error instanceof Error ? error.message : 'Invalid definition'}:</p>
            <ul>
              {errors.map((err, i) => (
                <li key={i} data-testid="definition-error">
                  {err.line ? <button type="button" class="link" onClick={() => goTo(err.line)}>Line {err.line}{err.column ? `, column ${err.column}` : ''}</button> : null}
                  {err.path ? <code> {err.path}</code> : null}: {err.message}
                </li>
              ))}
            </ul>
          </div>
        ) : <ErrorBox error={error} />}
        {result ? (
          <p class="ok" role="status">
            {result.created ? 'Registered' : 'Unchanged:'} {result.name} v{result.version}.{' '}
            <Link href={`/definitions/${kind}/${encodeURIComponent(result.name)}`}>Open it</Link>
            {' '}<button type="button" class="link" onClick={() => navigate(`/definitions/${kind}/${encodeURIComponent(result.name)}`)}>Start a run</button>
          </p>
        ) : null}
      </form>
    </>
  );
}
