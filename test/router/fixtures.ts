import { afterEach, beforeAll } from 'vitest';
// Shared helpers for router tests.
import { Registry } from 'prom-client';
import { createRouter, type ChatStreamEvent, type ModelRouter, type RouterConfigInput, type RouterOptions } from '../../services/router';

export function deferred<T = undefined>() {
  let resolve!: (v?: T) => void;
  const promise = new Promise<T>((r) => (resolve = r as (v?: T) => void));
  return { promise, resolve };
}

/** A router with its own metrics registry (returned for assertions). */
export function testRouter(config: RouterConfigInput, opts: RouterOptions = {}): { router: ModelRouter; registry: Registry } {
  const registry = new Registry();
  return { router: createRouter(config, { registry, ...opts }), registry };
}

export async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

export const streamedText = (events: ChatStreamEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');

export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) return 0;
  const data = await m.get();
  return data.values
    .filter((v) => Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val))
    .reduce((a, v) => a + v.value, 0);
}

/** Waits until `cond` holds, polling; fails after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A deterministic PRNG for weighted choices. */
export function seeded(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const user = (content: string) => ({ role: 'user' as const, content });
export const T1 = { tenantId: 't1' };

/** What a test opened (stand-ins, routers), closed last-first after each test. */
export function closeAfterEach(): Array<() => Promise<void>> {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  return cleanup;
}

/** Static credentials for the real AWS SDK talking to the Bedrock stand-in. */
export function useStandinAwsCredentials() {
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSTANDIN';
    process.env.AWS_SECRET_ACCESS_KEY = 'standin-secret';
  });
}
