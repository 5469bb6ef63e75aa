// Settings and helpers shared by bench/router.ts and its parts (BENCH_ROUTER_* env overrides).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { RouterConfigInput } from '../../services/router';

export const ROOT = resolve(__dirname, '../..');
export const CONCURRENCY = Number(process.env.BENCH_ROUTER_CONCURRENCY ?? 64);
export const STREAMS_PER_SIDE = Number(process.env.BENCH_ROUTER_STREAMS ?? 6_000);
export const INPROC_CALLS = Number(process.env.BENCH_ROUTER_INPROC ?? 3_000);
/** Calls before measuring, so the router's code is optimised (the first few thousand run slower). */
export const INPROC_WARMUP = Number(process.env.BENCH_ROUTER_INPROC_WARMUP ?? 2_000);
/**
 * Streams per side before measuring. The gateway is a long-running server: its first few
 * thousand streams run measurably slower (code not yet optimised, young heap still growing),
 * which a deployed gateway leaves behind in its first seconds.
 */
export const STREAM_WARMUP = Number(process.env.BENCH_ROUTER_STREAM_WARMUP ?? 2_000);
export const FAILOVER_CALLS = Number(process.env.BENCH_ROUTER_FAILOVER ?? 300);
/** Lanes of a load start spread over this many ms (about one stream's length). */
export const RAMP_MS = Number(process.env.BENCH_ROUTER_RAMP_MS ?? 125);
/** Direct and gateway streams alternate in this many blocks each. */
export const BLOCKS = Number(process.env.BENCH_ROUTER_BLOCKS ?? 12);
export const SEQ_STREAMS = Number(process.env.BENCH_ROUTER_SEQUENTIAL ?? 800);
export const MODEL = 'bench-model';
export const FIRST_TOKEN_MS = Number(process.env.BENCH_ROUTER_TTFT_MS ?? 50);
export const TOKEN_MS = Number(process.env.BENCH_ROUTER_TOKEN_MS ?? 5);
export const PROMPT = 'Summarise the routing layer in one short sentence please';

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export function startChild(args: string[], nodeArgs: string[] = []): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (url) => resolve({ url: url.trim(), proc }));
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

export const routerConfig = (url: string, extra: Partial<RouterConfigInput> = {}): RouterConfigInput => ({
  deployments: [{ id: 'vllm', provider: 'openai', model: MODEL, endpoint: url, maxConcurrency: 256, scrapeMetrics: false }],
  models: { chat: { deployments: ['vllm'] } },
  ...extra,
});
