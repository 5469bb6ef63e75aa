// The platform's own error type. Services below the API throw these; the API's one error handler
// maps each kind to an HTTP status and writes `{ error: { code, message, details? } }`.
import type { ZodError } from 'zod';

/** What went wrong, as a caller must react to it. The API keeps one table kind → status. */
export type ErrorKind =
  | 'invalid' // the input is wrong: fix it and retry
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // the input is fine but the state does not allow it now
  | 'too_large'
  | 'rate_limited'
  | 'unavailable' // a dependency is down or busy: retry later
  | 'upstream_failed'; // a dependency answered with a failure

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable, machine-readable: clients branch on it (`not_found`, `source_not_allowed`, …). */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** For `rate_limited` and `unavailable`: when a retry may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const notFound = (what: string) => new DomainError('not_found', 'not_found', `${what} not found`);
export const invalid = (message: string, details?: unknown, code = 'invalid_request') => new DomainError('invalid', code, message, details);
export const conflict = (message: string, code = 'conflict') => new DomainError('conflict', code, message);
export const unavailable = (code: string, message: string, retryAfterSeconds?: number) =>
  new DomainError('unavailable', code, message, undefined, retryAfterSeconds);

export const zodIssues = (err: ZodError) => err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

/** Parses with zod; a failure is an `invalid` error naming each bad field. */
export function parseInput<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
  what = 'body',
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error);
  throw invalid(`invalid ${what}: ${issues.map((i) => `${i.path || what}: ${i.message}`).join('; ')}`, issues);
}
