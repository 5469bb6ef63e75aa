// Fixed-window counters in the platform database: request rates, token quotas and daily caps.
// Each change is one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and
// PostgreSQL alike), so every process on one database sees exact counts, and a restart keeps them.
import type { Db } from './db';

/** One counter's window: `windowStart` and `windowMs` in milliseconds since the epoch. */
export interface CounterWindow {
  tenantId: string;
  /** What is counted (`api.requests`, `router.tokens.day`, …). */
  kind: string;
  windowStart: number;
  windowMs: number;
}

export interface CounterRepoOptions {
  /** How often (wall-clock ms) a process deletes the rows of windows that are over. */
  pruneEveryMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const PRUNE_MARGIN_MS = 60_000;

export function counterRepo(db: Db, { pruneEveryMs = 60_000 }: CounterRepoOptions = {}) {
  let lastPrune = 0;
  const key = (w: CounterWindow) => ({ tenant_id: w.tenantId, kind: w.kind, window_start: iso(w.windowStart) });

  /**
   * Windows that ended a minute before the one being counted are deleted now and then, off the
   * caller's path; the minute spares a window another process, its clock a little behind, still counts in.
   */
  const maybePrune = (w: CounterWindow) => {
    const wall = Date.now();
    if (wall - lastPrune < pruneEveryMs) return;
    lastPrune = wall;
    void repo.prune(w.windowStart - PRUNE_MARGIN_MS).catch(() => undefined); // a later add tries again
  };

  const repo = {
    /**
     * Adds `amount` to the window's counter and returns the new value. With `cap`, adds only if the
     * result stays within it, and returns null (nothing added) when it would not.
     */
    async add(w: CounterWindow, amount: number, cap?: number): Promise<number | null> {
      if (cap !== undefined && amount > cap) return null;
      maybePrune(w);
      const row = await db
        .insertInto('limit_counters')
        .values({ ...key(w), value: amount, expires_at: iso(w.windowStart + w.windowMs) })
        .onConflict((oc) => {
          const update = oc.columns(['tenant_id', 'kind', 'window_start']).doUpdateSet((eb) => ({ value: eb('limit_counters.value', '+', eb.ref('excluded.value')) }));
          return cap === undefined ? update : update.where((eb) => eb(eb('limit_counters.value', '+', eb.ref('excluded.value')), '<=', cap));
        })
        .returning('value')
        .executeTakeFirst();
      return row ? Number(row.value) : null;
    },

    /** The window's counter (0 when nothing was counted in it). */
    async get(w: CounterWindow): Promise<number> {
      const k = key(w);
      const row = await db.selectFrom('limit_counters').select('value')
        .where('tenant_id', '=', k.tenant_id).where('kind', '=', k.kind).where('window_start', '=', k.window_start)
        .executeTakeFirst();
      return row ? Number(row.value) : 0;
    },

    /** Deletes the counters of windows that ended before `beforeMs`; returns how many. */
    async prune(beforeMs: number): Promise<number> {
      const res = await db.deleteFrom('limit_counters').where('expires_at', '<', iso(beforeMs)).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
  return repo;
}

export type CounterRepo = ReturnType<typeof counterRepo>;
