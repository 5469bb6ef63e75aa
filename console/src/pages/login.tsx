// Log in with a tenant API key. The key goes to POST /v1/console/session once and is dropped.
import { useState } from 'preact/hooks';
import { ApiFailure } from '../api';
import { logIn, type Session } from '../session';
import { ErrorBox } from '../ui';

export function LoginPage({ onLogin }: { onLogin: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await logIn(key);
      setKey('');
      onLogin(session);
    } catch (err) {
      setError(err instanceof ApiFailure && err.status === 401 ? new Error('That API key was not accepted.') : err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login" id="main">
      <h1>Keel Console</h1>
      <form onSubmit={submit} class="card">
        <label for="api-key">Tenant API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <p class="muted">The key is exchanged for a session cookie and is not stored in this browser.</p>
        <button type="submit" disabled={busy || !key.trim()}>{busy ? 'Logging in…' : 'Log in'}</button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
