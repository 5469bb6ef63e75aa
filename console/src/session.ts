// The console session: logging in exchanges the API key for an HttpOnly cookie (the key is sent
// once and kept nowhere); a reloaded page asks the API who it is. The CSRF token lives in memory.
import { api, must, setCsrfToken, type Schemas } from './api';

export interface Session { tenant: { id: string; name: string }; scopes: string[]; csrfToken: string; expiresAt: string; temporalUi: string | null }

export async function logIn(apiKey: string): Promise<Session> {
  const session = (await must(api.POST('/v1/console/session', { headers: { authorization: `Bearer ${apiKey.trim()}` } }))) as Session;
  setCsrfToken(session.csrfToken);
  return session;
}

/** The session behind the cookie, or null when there is none. */
export async function currentSession(): Promise<Session | null> {
  const { data, response } = await api.GET('/v1/console/session');
  if (!response.ok || !data) return null;
  setCsrfToken(data.csrfToken);
  return data as Session;
}

export async function logOut(): Promise<void> {
  await api.DELETE('/v1/console/session');
  setCsrfToken('');
}

export const can = (session: Session, scope: string) => session.scopes.includes('admin') || session.scopes.includes(scope);
export type { Schemas };
