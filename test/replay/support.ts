// Helpers shared by the replay tests: a second model that answers the scripted scenarios
// differently, and small API wrappers over a TestPlatform.
import { expect } from 'vitest';
import type { OpenAIChatBody, StandinReply } from '../support/vllm-standin';
import { eventually, type TestPlatform } from '../support/platform';

export const OTHER_MODEL = 'other-model';

const call = (name: string, args: Record<string, unknown>): StandinReply => ({ toolCalls: [{ name, arguments: args }] });

/** The other model: first repeats the original's first call, then does something else. */
export function otherModel(body: OpenAIChatBody): StandinReply {
  const scenario = String(body.messages.find((m) => m.role === 'user')?.content ?? '').split(/\s/)[0];
  const r = body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content ?? ''));
  if (scenario === 'side-effect') {
    return r.length === 0 ? call('tools__record_side_effect', { value: 'charged', hold_ms: 0 })
      : r.length === 1 ? call('tools__record_side_effect', { value: 'refunded' })
      : { content: `other: ${r.join(' | ')}` };
  }
  if (scenario === 'two-turns') {
    return r.length === 0 ? call('tools__add', { a: 2, b: 3 }) : r.length === 1 ? call('tools__add', { a: 10, b: 1 }) : { content: `other: ${r.join(',')}` };
  }
  return { content: `other: ${scenario}` };
}

export function apiHelpers(p: TestPlatform) {
  const get = async (url: string, key?: string) => p.api.inject({ method: 'GET', url, headers: p.auth(key) });
  const post = async (url: string, payload: unknown, key?: string) => p.api.inject({ method: 'POST', url, headers: p.auth(key), payload: payload as object });

  async function startRun(agent: string, input: string) {
    const res = await post('/v1/runs', { agent, input });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  }

  const waitForStatus = (id: string, statuses: string[]) =>
    eventually(async () => {
      const run = (await get(`/v1/runs/${id}`)).json();
      return statuses.includes(run.status) ? run : undefined;
    });

  async function approvePending(id: string) {
    const waiting = await waitForStatus(id, ['awaiting_approval']);
    const res = await post(`/v1/runs/${id}/approvals`, { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** Starts a replay; retries while the original's trace is still being written (409 trace_incomplete). */
  async function startReplay(body: Record<string, unknown>) {
    await p.runtime.recorder.flush();
    const res = await eventually(async () => {
      const r = await post('/v1/replays', body);
      return r.statusCode === 409 && r.json().error.code === 'trace_incomplete' ? undefined : r;
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as { id: string; replayOf: string; replay: Record<string, unknown> };
  }

  return { get, post, startRun, waitForStatus, approvePending, startReplay };
}

/** Steps without their wall-clock times: what must be equal between an exact replay and its original. */
export const timeless = (steps: Array<Record<string, unknown>>) => steps.map(({ startedAt: _s, endedAt: _e, ...rest }) => rest);
