// Server-side HTTP GET that cannot be pointed at internal addresses (SSRF-safe): every hop's
// host is checked against the allowlist, and every address it resolves to is checked at
// connect time (so DNS rebinding and redirects to internal hosts are refused too).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { BlockList, LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Agent, buildConnector, fetch as undiciFetch, request } from 'undici';
import { allowList, BLOCKED_HOSTNAMES, blockedReason, refusedLiteral } from './address-policy';

export type SafeFetchErrorCode = 'bad_url' | 'host_not_allowed' | 'blocked_address' | 'too_many_redirects' | 'too_large' | 'timeout' | 'cancelled' | 'network';

export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError';
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message);
  }
  /** Worth trying again later (the target, not the request, was the problem). */
  get retryable(): boolean {
    return this.code === 'timeout' || this.code === 'network';
  }
}

export type LookupFn = (hostname: string, options: { all: true }, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface SafeFetchOptions {
  /** Host names or globs (`*.example.com`) that may be fetched; omitted = any public host. */
  allowHosts?: readonly string[];
  /** Address ranges allowed despite the built-in blocks (tests: `['127.0.0.1/32']`). */
  allowCidrs?: readonly string[];
  maxBytes?: number;
  /** Whole fetch, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** What to do with a body over maxBytes: keep the first maxBytes (default) or fail. */
  onOversize?: 'truncate' | 'error';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** DNS resolver; tests inject one to simulate names that resolve to internal addresses. */
  lookup?: LookupFn;
}

export interface SafeFetchResult {
  url: string;
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  redirects: string[];
}

export const SAFE_FETCH_DEFAULTS = { maxBytes: 2 * 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5 };

export async function safeFetch(rawUrl: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const maxBytes = opts.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects;
  const allow = allowList(opts.allowCidrs);
  const hostAllowed = compileHostAllowlist(opts.allowHosts);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const agent = createGuardedAgent({ allowCidrs: opts.allowCidrs, lookup: opts.lookup });
  const redirects: string[] = [];
  let url = checkUrl(rawUrl, hostAllowed, allow);
  try {
    for (;;) {
      const res = await request(url, {
        method: 'GET',
        dispatcher: agent,
        signal,
        headers: { 'user-agent': 'keel-fetch/1', accept: '*/*', 'accept-encoding': 'gzip, deflate, br', ...opts.headers },
      });
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.body.resume();
        if (redirects.length >= maxRedirects) throw new SafeFetchError('too_many_redirects', `more than ${maxRedirects} redirects`);
        redirects.push(url.href);
        url = checkUrl(new URL(String(location), url).href, hostAllowed, allow);
        continue;
      }
      const { body, truncated } = await readLimited(decoded(res.body, res.headers['content-encoding']), maxBytes);
      if (truncated && opts.onOversize === 'error') throw new SafeFetchError('too_large', `response body exceeds ${maxBytes} bytes`);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      return { url: url.href, status: res.statusCode, contentType: headers['content-type'] ?? '', headers, body, truncated, redirects };
    }
  } catch (err) {
    throw toSafeFetchError(err, timeout, opts.signal);
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

/** The system resolver, in the shape the guards take. */
export const systemLookup = dnsLookup as unknown as LookupFn;

export interface GuardOptions {
  allowCidrs?: readonly string[];
  lookup?: LookupFn;
}

/**
 * An undici dispatcher that refuses, at connect time, any internal address: literal ones and
 * every address a name resolves to. Whatever sits above it (redirects, retries) cannot get round it.
 */
export function createGuardedAgent(opts: GuardOptions = {}): Agent {
  const allow = allowList(opts.allowCidrs);
  const connect = buildConnector({ lookup: guardedLookup(opts.lookup ?? systemLookup, allow) as unknown as LookupFunction });
  return new Agent({
    connect: (options, callback) => {
      const refused = refusedLiteral(options.hostname, allow);
      if (refused) return callback(new SafeFetchError('blocked_address', refused), null);
      connect(options, callback);
    },
  });
}

/** A `fetch` that only reaches public addresses (for HTTP clients such as MCP's transport). */
export function createGuardedFetch(opts: GuardOptions = {}): typeof fetch {
  const agent = createGuardedAgent(opts);
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never).catch((err: unknown) => {
      const cause = (err as { cause?: unknown })?.cause;
      throw cause instanceof SafeFetchError ? cause : err;
    })) as unknown as typeof fetch;
}

function checkUrl(raw: string, hostAllowed: (host: string) => boolean, allow?: BlockList): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('bad_url', `not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SafeFetchError('bad_url', `scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new SafeFetchError('bad_url', 'credentials in URLs are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (!hostAllowed(host)) throw new SafeFetchError('host_not_allowed', `host ${host} is not in the allowlist`);
  if (BLOCKED_HOSTNAMES.has(host)) throw new SafeFetchError('blocked_address', `host ${host} is a metadata service`);
  // Literal addresses skip DNS (and so the connect-time check): check them here.
  const refused = refusedLiteral(host, allow);
  if (refused) throw new SafeFetchError('blocked_address', refused);
  return url;
}

/** A `lookup` that fails when a name resolves to any address the policy refuses. */
export function guardedLookup(resolve: LookupFn, allow?: BlockList) {
  return (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      // Refuse if any answer is internal: a name mixing public and private answers is an attack.
      for (const a of addresses) {
        const reason = blockedReason(a.address, allow);
        if (reason) return callback(new SafeFetchError('blocked_address', `${hostname} resolves to ${a.address} (${reason})`));
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export function compileHostAllowlist(patterns?: readonly string[]): (host: string) => boolean {
  if (!patterns || patterns.length === 0) return () => true;
  const res = patterns.map((p) => new RegExp(`^${p.toLowerCase().replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
  return (host) => res.some((r) => r.test(host));
}

function decoded(body: Readable, encoding: string | string[] | undefined): Readable {
  switch (String(encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return body.pipe(createGunzip());
    case 'deflate':
      return body.pipe(createInflate());
    case 'br':
      return body.pipe(createBrotliDecompress());
    default:
      return body;
  }
}

/** Reads at most maxBytes (after decompression, so a compression bomb stops early too). */
async function readLimited(stream: Readable, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      stream.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function toSafeFetchError(err: unknown, timeout: AbortSignal, callerSignal?: AbortSignal): SafeFetchError {
  if (err instanceof SafeFetchError) return err;
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof SafeFetchError) return cause;
  if (callerSignal?.aborted) return new SafeFetchError('cancelled', 'fetch cancelled');
  if (timeout.aborted) return new SafeFetchError('timeout', 'fetch timed out');
  const code = (err as { code?: string })?.code;
  return new SafeFetchError('network', `fetch failed: ${(err as Error)?.message ?? String(err)}${code ? ` (${code})` : ''}`);
}
