// The typed API client (openapi-fetch over api-types/, generated from the API's OpenAPI
// document). Same origin, the session cookie, and the session's CSRF token on every unsafe method.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-types';

export type Schemas = components['schemas'];

let csrfToken = '';
let onUnauthorized: () => void = () => {};

export const setCsrfToken = (token: string) => { csrfToken = token; };
export const whenUnauthorized = (fn: () => void) => { onUnauthorized = fn; };

const session: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && csrfToken) request.headers.set('x-keel-csrf', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.headers.has('authorization')) onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin, credentials: 'same-origin' });
api.use(session);

/** An error answer from the API: `{ error: { code, message, details? } }`. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

interface Answer<T> { data?: T; error?: unknown; response: Response }

/** The data of a successful answer; an ApiFailure otherwise. */
export async function must<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  throw new ApiFailure(response.status, body.error?.code ?? 'error', body.error?.message ?? `${response.status} ${response.statusText}`, body.error?.details);
}

/** A route the typed client does not know yet (it is newer than api-types/): plain fetch. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) onUnauthorized();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiFailure(response.status, body?.error?.code ?? 'error', body?.error?.message ?? `${response.status}`, body?.error?.details);
  return body as T;
}

export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
