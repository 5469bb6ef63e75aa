// What the chaos scenario (bench/support/chaos.ts) takes and reports, its defaults, and the
// CHAOS_* environment variables that override them.

export interface ChaosOptions {
  runs: number;
  ingestJobs: number;
  docsPerJob: number;
  workerKills: number;
  serverRestarts: number;
  /** How long the model refuses connections (once; 0 for no outage). */
  outageSeconds: number;
  /** agents.modelOutageWindowSeconds of the platform under test. */
  outageWindowSeconds: number;
  /** agents.modelRetryMaxIntervalSeconds: the longest pause between model attempts in an outage. */
  retryMaxIntervalSeconds: number;
  /** router.breaker.cooldownMs (0: the product default): how long a tripped breaker stays open after the outage. */
  breakerCooldownMs: number;
  /** Runs start and disruptions happen at random moments within this many seconds. */
  spreadSeconds: number;
  /** Give up waiting for runs and jobs this many seconds after the last disruption. */
  deadlineSeconds: number;
  /** How long the first (counting) tool holds its call open after its side effect. */
  toolHoldMs: number;
  /** Delay before each model answer. */
  modelLatencyMs: number;
  seed: number;
  temporalCli?: string;
  /** A prebuilt workflow bundle (tests pass theirs); bundled once here otherwise. */
  workflowBundle?: string;
  log: (line: string) => void;
}

export interface ChaosResult {
  runs: number;
  completed: number;
  failed: number;
  lost: number;
  duplicate_side_effects: number;
  ingest_docs_expected: number;
  ingest_docs_indexed: number;
  worker_kills: number;
  server_restarts: number;
  model_outage_s: number;
}

export const CHAOS_DEFAULTS: Omit<ChaosOptions, 'log'> = {
  runs: 50, ingestJobs: 3, docsPerJob: 40, workerKills: 5, serverRestarts: 1,
  outageSeconds: 60, outageWindowSeconds: 900, retryMaxIntervalSeconds: 10, breakerCooldownMs: 0,
  spreadSeconds: 120, deadlineSeconds: 600, toolHoldMs: 400, modelLatencyMs: 50, seed: Date.now() % 1_000_000,
};

/** Overrides from CHAOS_* environment variables (CHAOS_RUNS, CHAOS_WORKER_KILLS, CHAOS_OUTAGE_SECONDS, …). */
export function chaosOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ChaosOptions> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(CHAOS_DEFAULTS)) {
    const name = `CHAOS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    if (env[name] !== undefined) {
      const v = Number(env[name]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
      out[key] = v;
    }
  }
  return out as Partial<ChaosOptions>;
}
