// The one pagination cursor of every newest-first listing (runs, audit log): the sort key of the
// last item a page returned, a timestamp with the id as tiebreak, opaque to clients.
import { DomainError } from '../errors';

export interface CursorKey {
  at: string;
  id: string;
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('invalid', 'invalid_request', 'invalid cursor');
  }
}

export const encodeCursor = (key: CursorKey) => Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // not base64url JSON: invalid like any other malformed cursor
  }
  throw new InvalidCursorError();
}

/** `rows` were read with `limit + 1`: the page is the first `limit`, and a next cursor exists when more were read. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
