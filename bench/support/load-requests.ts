// The request kinds of bench/load.ts, each one call returning its latency in ms or throwing. Every
// latency runs from `from`, the request's scheduled send time (performance.now() clock), not from
// when it was actually sent: a request delayed by the generator or a full lane still counts its wait.
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

export async function completion(t: Target, model: string, from: number): Promise<number> {
  const res = await request(`${t.base}/v1/chat/completions`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: PROMPT }] }),
  });
  const body = JSON.parse(await expectOk(res, 'completion')) as { choices?: unknown[] };
  if (!body.choices?.length) throw new Error('completion without choices');
  return performance.now() - from;
}

export async function streamedCompletion(t: Target, model: string, from: number): Promise<number> {
  const res = await request(`${t.base}/v1/chat/completions`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] }),
  });
  const text = await expectOk(res, 'stream');
  if (!text.endsWith('data: [DONE]\n\n')) throw new Error('stream did not end with [DONE]');
  return performance.now() - from;
}

export async function search(t: Target, collection: string, query: string, from: number): Promise<number> {
  const res = await request(`${t.base}/v1/collections/${collection}/search`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query, limit: 5 }),
  });
  const body = JSON.parse(await expectOk(res, 'search')) as { chunks?: unknown[] };
  if (!body.chunks?.length) throw new Error(`search for "${query}" found nothing`);
  return performance.now() - from;
}

/** Starts a run; its latency and id. */
export async function startRun(t: Target, agent: string, input: string, from: number): Promise<{ ms: number; id: string }> {
  const res = await request(`${t.base}/v1/runs`, {
    method: 'POST', dispatcher: t.dispatcher,
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ agent, input }),
  });
  const body = JSON.parse(await expectOk(res, 'run start')) as { id: string };
  return { ms: performance.now() - from, id: body.id };
}

/**
 * Follows a run's events to the end. `connectMs`: to the response headers (the stream is open);
 * `firstEventMs`: to the first event's bytes. Throws unless the stream carried run.finished and ended.
 */
export async function subscribe(t: Target, runId: string, timeoutMs: number, from: number): Promise<{ connectMs: number; firstEventMs: number }> {
  const res = await request(`${t.base}/v1/runs/${runId}/events`, {
    method: 'GET', dispatcher: t.dispatcher, headers: { ...t.headers, accept: 'text/event-stream' },
    bodyTimeout: timeoutMs,
  });
  const connectMs = performance.now() - from;
  if (res.statusCode >= 300) await expectOk(res, 'events'); // throws with the status and body
  let text = '';
  let firstEventMs: number | undefined;
  for await (const chunk of res.body) {
    text += String(chunk);
    if (firstEventMs === undefined && /^event: /m.test(text)) firstEventMs = performance.now() - from;
  }
  if (!text.includes('run.finished') || firstEventMs === undefined) throw new Error(`events of ${runId} ended without run.finished: ${text.slice(-200)}`);
  return { connectMs, firstEventMs };
}
