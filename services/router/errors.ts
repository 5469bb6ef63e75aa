// Typed, classified router failures. Workflows branch on `info.kind`, never on provider text.
import { ERROR_KINDS } from './policy';
import type { RouterErrorInfo, RouterErrorKind } from './types';

export class RouterError extends Error {
  readonly info: RouterErrorInfo;
  /** `retryable` always comes from the kind (`policy.ts`), never from the thrower. */
  constructor(kind: RouterErrorKind, message: string, extra: Partial<Omit<RouterErrorInfo, 'kind' | 'message' | 'retryable'>> = {}) {
    super(message);
    this.name = 'RouterError';
    this.info = { kind, message, retryable: ERROR_KINDS[kind].retryLater, ...extra };
  }
  get kind() {
    return this.info.kind;
  }
}

/** Classifies errors thrown by the network layer (undici / Node sockets / aborts). */
export function classifyTransportError(err: unknown, deployment?: string): RouterError {
  if (err instanceof RouterError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const msg = e?.message ?? String(err);
  if (e?.name === 'AbortError' || code === 'UND_ERR_ABORTED' || /abort/i.test(e?.name ?? ''))
    return new RouterError('timeout', `aborted: ${msg}`, { deployment });
  if (/TIMEOUT/.test(code)) return new RouterError('timeout', msg, { deployment });
  const NET = /ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|UND_ERR_SOCKET|UND_ERR_CLOSED|ERR_STREAM_PREMATURE_CLOSE|ERR_HTTP2_(STREAM|SESSION|GOAWAY|INVALID_SESSION)/;
  if (NET.test(code) || NET.test(msg) || /other side closed|socket hang up|terminated|stream has been (canceled|cancelled)|RST_STREAM/i.test(msg))
    return new RouterError('connection', `${code || 'connection'}: ${msg}`, { deployment });
  return new RouterError('unavailable', msg, { deployment });
}

/** The info of a RouterError, an info object passed through as is, or a classified transport error. */
export function toRouterErrorInfo(err: unknown): RouterErrorInfo {
  if (err instanceof RouterError) return err.info;
  const o = err as Partial<RouterErrorInfo> | undefined;
  if (o && typeof o === 'object' && !(o instanceof Error) && typeof o.kind === 'string' && Object.hasOwn(ERROR_KINDS, o.kind) && typeof o.message === 'string')
    return o as RouterErrorInfo;
  return classifyTransportError(err).info;
}
