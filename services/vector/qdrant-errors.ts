// What a Qdrant REST error means for the adapter. The client throws the fetcher's ApiError
// (`status`, `data: { status: { error } }`) or, for other statuses, an "Unexpected Response: <status>"
// error quoting the body; both are read here.

interface QdrantFailure {
  status?: number;
  message: string;
}

export function qdrantFailure(err: unknown): QdrantFailure {
  const e = err as { status?: unknown; data?: { status?: { error?: unknown } }; message?: unknown };
  const message = typeof e?.data?.status?.error === 'string' ? e.data.status.error : String(e?.message ?? err);
  const status = typeof e?.status === 'number' ? e.status : Number(/Unexpected Response: (\d{3})/.exec(message)?.[1]) || undefined;
  return { status, message };
}

/** Create lost to another creator: 409 since Qdrant 1.8, 400 "already exists" before. */
export function isAlreadyExists(err: unknown): boolean {
  const { status, message } = qdrantFailure(err);
  return status === 409 || (status === 400 && /already exists/i.test(message));
}

/** The collection is gone (dropped or recreated by another process since it was cached). */
export function isCollectionMissing(err: unknown): boolean {
  const { status, message } = qdrantFailure(err);
  return status === 404 && /collection/i.test(message);
}

/** The collection's dense vector has another size than the request's: `expected dim: E, got G`. */
export function dimensionMismatch(err: unknown): { expected: number; got: number } | undefined {
  const { status, message } = qdrantFailure(err);
  const m = status === 400 ? /dimension error: expected dim: (\d+), got (\d+)/i.exec(message) : null;
  return m ? { expected: Number(m[1]), got: Number(m[2]) } : undefined;
}

/** Right after a lost create race Qdrant may answer reads with 500 until the winner's shards are up. */
export function isNotReadyYet(err: unknown): boolean {
  const { status } = qdrantFailure(err);
  return status === 500 || status === 503;
}
