// OpenAI-compatible HTTP errors -> classified RouterError.
import { RouterError } from '../../errors';

export function errorFromOpenAI(status: number, body: string, deployment: string, retryAfter?: string | string[]): RouterError {
  let message = body.slice(0, 500);
  try {
    const j = JSON.parse(body);
    message = j?.error?.message ?? j?.message ?? j?.detail ?? message;
    if (typeof message !== 'string') message = JSON.stringify(message);
  } catch { /* plain text body */ }
  const ra = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  const retryAfterS = Number.isFinite(ra) && ra >= 0 ? ra : undefined;
  const text = `${status}: ${message}`;
  if (status === 429) return new RouterError('throttled', text, { deployment, retryAfterS });
  if (status === 408) return new RouterError('timeout', text, { deployment });
  if (status === 401 || status === 403) return new RouterError('access_denied', text, { deployment });
  if (status === 404) return new RouterError('not_found', text, { deployment });
  if (status === 400 || status === 413 || status === 422) {
    if (/maximum context length|context length|too many tokens|prompt is too long|max_model_len/i.test(message))
      return new RouterError('context_window', text, { deployment });
    return new RouterError('validation', text, { deployment });
  }
  if (status === 502 || status === 503) return new RouterError('unavailable', text, { deployment });
  if (status === 504) return new RouterError('timeout', text, { deployment });
  if (status >= 500) return new RouterError('model_error', text, { deployment });
  return new RouterError('validation', text, { deployment });
}
