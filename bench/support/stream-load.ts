// Streamed chat load for bench/router.ts: concurrent paced lanes, one stream at a time, and the
// gateway process's own figures.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { CONCURRENCY, PROMPT, RAMP_MS } from './router-bench';

/** One streamed chat completion; its latency in ms, or undefined when it failed. */
async function oneStream(base: string, body: string, dispatcher: Agent): Promise<number | undefined> {
  const s = performance.now();
  try {
    const res = await request(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
    const text = await res.body.text();
    return res.statusCode === 200 && text.endsWith('data: [DONE]\n\n') ? performance.now() - s : undefined;
  } catch {
    return undefined;
  }
}

const streamBody = (model: string) => JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] });

/**
 * `total` streams against `base` with CONCURRENCY in flight over the caller's (kept-alive)
 * connections. Lanes start RAMP_MS / CONCURRENCY apart: the stand-in paces every stream alike,
 * so lanes started together would stay phase-locked and every chunk would arrive in a burst of
 * 64 for the whole run, which independent clients do not do.
 */
export async function streamLoad(base: string, model: string, total: number, dispatcher: Agent) {
  const body = streamBody(model);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, lane) => {
    await sleep((lane * RAMP_MS) / CONCURRENCY);
    while (next < total) {
      next++;
      const ms = await oneStream(base, body, dispatcher);
      if (ms === undefined) errors++;
      else latencies.push(ms);
    }
  }));
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

/** The gateway process's CPU time so far, and its event loop since the previous call. */
export async function gatewayStats(base: string) {
  const res = await request(`${base}/__bench/cpu`);
  return (await res.body.json()) as { cpuUs: number; elu: number; lagP50Ms: number; lagP99Ms: number; gc: { count: number; ms: number; maxMs: number } };
}

/** One streamed chat completion at a time; returns each stream's latency in ms. */
export async function sequentialLoad(base: string, model: string, total: number): Promise<number[]> {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: PROMPT }] });
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    const s = performance.now();
    const res = await request(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
    await res.body.text();
    out.push(performance.now() - s);
  }
  await dispatcher.close();
  return out;
}
