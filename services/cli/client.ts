// The CLI's HTTP client: KEEL_URL (default from config) and KEEL_API_KEY (default: the key
// `keel start` saved for the default tenant).
import { loadConfig, resolveDataPath } from '../config';
import { readSavedCredentials } from '../platform';

export class CliError extends Error {
  /** For an API error: its `code` and `details` (`invalid_workflow` lists every error there). */
  constructor(message: string, readonly api?: { status: number; code: string; details?: unknown }) {
    super(message);
  }
}

export interface ApiClient {
  url: string;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  stream(path: string, headers?: Record<string, string>): AsyncIterable<{ id?: string; event: string; data: any }>;
}

export function apiClientFromEnv(env = process.env): ApiClient {
  const loaded = loadConfig({ env });
  const { api } = loaded.config;
  const url = (env.KEEL_URL ?? api.publicUrl ?? `http://${api.host === '0.0.0.0' ? '127.0.0.1' : api.host}:${api.port}`).replace(/\/$/, '');
  const key = env.KEEL_API_KEY ?? readSavedCredentials(resolveDataPath(loaded))?.apiKey;
  if (!key) throw new CliError('no API key: set KEEL_API_KEY, or run `keel start` once to create the default tenant key');
  return apiClient(url, key);
}

export function apiClient(url: string, key: string): ApiClient {
  const auth = { authorization: `Bearer ${key}` };

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    try {
      return await fetch(`${url}${path}`, {
        method,
        headers: { ...auth, ...(body !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
    } catch (err) {
      throw new CliError(`cannot reach the Keel API at ${url} (${(err as Error).cause ?? (err as Error).message}); is \`keel start\` running?`);
    }
  }

  async function failure(res: Response): Promise<never> {
    const text = await res.text();
    let message = text;
    let api: CliError['api'];
    try {
      const e = JSON.parse(text).error;
      message = `${e.code}: ${e.message}`;
      api = { status: res.status, code: e.code, details: e.details };
    } catch {
      /* not JSON: keep the text */
    }
    throw new CliError(`${res.status} ${message}`, api);
  }

  return {
    url,
    async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
      const res = await send(method, path, body, headers);
      if (!res.ok) await failure(res);
      if (res.status === 204) return undefined as T;
      return (await res.json()) as T;
    },
    async *stream(path, headers) {
      const res = await send('GET', path, undefined, { accept: 'text/event-stream', ...headers });
      if (!res.ok || !res.body) await failure(res);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const i = line.indexOf(': ');
            if (i > 0 && !line.startsWith(':')) fields[line.slice(0, i)] = line.slice(i + 2);
          }
          if (fields.event) yield { id: fields.id, event: fields.event, data: fields.data ? JSON.parse(fields.data) : {} };
        }
      }
    },
  };
}
