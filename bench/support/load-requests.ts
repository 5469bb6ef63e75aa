// The request kinds of bench/load.ts, each one timed call returning its latency in ms or throwing.
import { Agent, request } from 'undici';

export interface Target {
  base: string;
  headers: Record<string, string>;
  dispatcher: Agent;
}

const PROMPT = 'Summarise the routing layer in one short sentence please';

async function expectOk(res: Awaited<ReturnType<typeof request>>, what: string): Promise<string> {
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${text.slice(0, 200)}`);
  return text;
}

export async function completion(t: Target, model: string): Promise<number> {
  const s = performance.now();
  const res = await request(`${t.base}/v1/chat/completions`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: PROMPT }] }),
  });
  const body = JSON.parse(await expectOk(res, 'completion')) as { choices?: unknown[] };
  if (!body.choices?.length) throw new Error('completion without choices');
  return performance.now() - s;
}

export async function streamedCompletion(t: Target, model: string): Promise<number> {
  const s = performance.now();
  const res = await request(`${t.base}/v1/chat/completions`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] }),
  });
  const text = await expectOk(res, 'stream');
  if (!text.endsWith('data: [DONE]\n\n')) throw new Error('stream did not end with [DONE]');
  return performance.now() - s;
}

export async function search(t: Target, collection: string, query: string): Promise<number> {
  const s = performance.now();
  const res = await request(`${t.base}/v1/collections/${collection}/search`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, limit: 5 }),
  });
  const body = JSON.parse(await expectOk(res, 'search')) as { chunks?: unknown[] };
  if (!body.chunks?.length) throw new Error(`search for "${query}" found nothing`);
  return performance.now() - s;
}

/** Starts a run; its latency and id. */
export async function startRun(t: Target, agent: string, input: string): Promise<{ ms: number; id: string }> {
  const s = performance.now();
  const res = await request(`${t.base}/v1/runs`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ agent, input }),
  });
  const body = JSON.parse(await expectOk(res, 'run start')) as { id: string };
  return { ms: performance.now() - s, id: body.id };
}

/**
 * Follows a run's events to the end; the latency is the time to the response headers (what the
 * API adds before streaming). Throws unless the stream carried run.finished and ended.
 */
export async function subscribe(t: Target, runId: string, timeoutMs: number): Promise<number> {
  const s = performance.now();
  const res = await request(`${t.base}/v1/runs/${runId}/events`, {
    method: 'GET', dispatcher: t.dispatcher, headers: { ...t.headers, accept: 'text/event-stream' },
    bodyTimeout: timeoutMs,
  });
  const ms = performance.now() - s;
  const text = await expectOk(res, 'events');
  if (!text.includes('run.finished')) throw new Error(`events of ${runId} ended without run.finished: ${text.slice(-200)}`);
  return ms;
}
