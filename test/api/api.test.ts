// The HTTP edge: auth, validation, tenant isolation, versions, OpenAPI, SSE with Last-Event-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;
let baseUrl: string;

const def = { name: 'adder', instructions: 'Add.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] };

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, config: { mcpServers: { tools: testMcpServer() } } });
  baseUrl = await p.api.listen({ port: 0, host: '127.0.0.1' });
  await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

function expectError(res: { statusCode: number; json(): any }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(typeof res.json().error.message).toBe('string');
}

describe('authentication', () => {
  it('rejects a missing key with 401', async () => {
    expectError(await p.api.inject({ method: 'GET', url: '/v1/agents' }), 401, 'unauthorized');
  });
  it('rejects a wrong key with 401', async () => {
    expectError(await p.api.inject({ method: 'GET', url: '/v1/agents', headers: p.auth('keel_wrong') }), 401, 'unauthorized');
  });
  it('checks the key before the body', async () => {
    expectError(await p.api.inject({ method: 'POST', url: '/v1/runs', payload: { nonsense: true } }), 401, 'unauthorized');
  });
});

describe('validation', () => {
  it('rejects an invalid agent definition with 400 naming the field', async () => {
    const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'Bad Name!', model: 'm' } });
    expectError(res, 400, 'invalid_request');
    expect(res.json().error.message).toMatch(/name/);
    expect(res.json().error.message).toMatch(/instructions/);
  });
  it('rejects an invalid run body with 400', async () => {
    expectError(await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'adder' } }), 400, 'invalid_request');
  });
  it('rejects malformed JSON with 400', async () => {
    const res = await p.api.inject({
      method: 'POST', url: '/v1/runs', headers: { ...p.auth(), 'content-type': 'application/json' }, payload: '{"agent":',
    });
    expectError(res, 400, 'invalid_request');
  });
  it('rejects an approval with an unknown decision with 400', async () => {
    const res = await p.api.inject({ method: 'POST', url: '/v1/runs/run_x/approvals', headers: p.auth(), payload: { toolCallId: 'a', decision: 'maybe' } });
    expectError(res, 400, 'invalid_request');
  });
  it('accepts YAML agent definitions', async () => {
    const yaml = `name: yaml-agent\ninstructions: Hi.\nmodel: ${TEST_MODEL}\n`;
    const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: { ...p.auth(), 'content-type': 'application/yaml' }, payload: yaml });
    expect(res.statusCode).toBe(201);
  });
});

describe('not found and tenant isolation', () => {
  it('answers 404 for unknown ids', async () => {
    expectError(await p.api.inject({ method: 'GET', url: '/v1/runs/run_unknown', headers: p.auth() }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'GET', url: '/v1/agents/nobody', headers: p.auth() }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'nobody', input: 'x' } }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'GET', url: '/v1/nothing', headers: p.auth() }), 404, 'not_found');
  });

  it("hides one tenant's agents and runs from another (404)", async () => {
    const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'adder', input: 'direct' } });
    const id = start.json().id;
    const other = p.auth(p.otherTenant.key);
    expectError(await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: other }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'GET', url: `/v1/runs/${id}/events`, headers: other }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: other }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: other, payload: { toolCallId: 'a', decision: 'approve' } }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'GET', url: '/v1/agents/adder', headers: other }), 404, 'not_found');
    expectError(await p.api.inject({ method: 'POST', url: '/v1/runs', headers: other, payload: { agent: 'adder', input: 'x' } }), 404, 'not_found');
    expect((await p.api.inject({ method: 'GET', url: '/v1/agents', headers: other })).json().agents).toEqual([]);
    expect((await p.api.inject({ method: 'GET', url: '/v1/runs', headers: other })).json().runs).toEqual([]);
  });
});

describe('agents', () => {
  it('keeps versions immutable and returns the same version for an unchanged definition', async () => {
    const again = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { ...def, tools: [{ tools: ['add', 'echo'], server: 'tools' }] } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, agent: { version: 1 } });
    const changed = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { ...def, instructions: 'Add well.' } });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().agent.version).toBe(2);
    const v1 = await p.api.inject({ method: 'GET', url: '/v1/agents/adder/versions/1', headers: p.auth() });
    expect(v1.json().definition.instructions).toBe('Add.');
    const versions = await p.api.inject({ method: 'GET', url: '/v1/agents/adder/versions', headers: p.auth() });
    expect(versions.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});

describe('OpenAPI', () => {
  it('serves a document describing the routes', async () => {
    const doc = (await p.api.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/agents', '/v1/runs', '/v1/runs/{id}', '/v1/runs/{id}/events']));
  });
});

describe('run events (SSE)', () => {
  async function readSse(url: string, headers: Record<string, string>) {
    const res = await fetch(url, { headers });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    return text.split('\n\n').filter((b) => b.startsWith('id:')).map((block) => {
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      return { id: field('id')!, event: field('event')!, data: JSON.parse(field('data')!) };
    });
  }

  it('streams a run from start to finish, token deltas included, and resumes after Last-Event-ID', async () => {
    const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'adder', input: 'two-turns' } });
    const id = start.json().id;
    const all = await readSse(`${baseUrl}/v1/runs/${id}/events`, p.auth());
    const events = all.filter((e) => e.event !== 'delta');
    const types = events.map((e) => e.event);
    expect(types[0]).toBe('run.started');
    expect(types.at(-1)).toBe('run.finished');
    expect(types.filter((t) => t === 'tool.call')).toHaveLength(2);
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)!.data.output).toBe('done: sum is 5');

    // The answer streamed: its deltas come before its step.finished, in order, and make up its text exactly.
    const answer = events.filter((e) => e.event === 'step.finished').at(-1)!;
    const deltas = all.filter((e) => e.event === 'delta' && e.data.step === answer.data.step);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.map((d) => d.data.text).join('')).toBe(answer.data.text);
    expect(all.indexOf(deltas.at(-1)!)).toBeLessThan(all.indexOf(answer));
    expect(deltas.map((d) => d.id.split('.')[0])).toEqual(deltas.map(() => String(Number(answer.id) - 1)));

    const resumed = await readSse(`${baseUrl}/v1/runs/${id}/events`, { ...p.auth(), 'last-event-id': events[4].id });
    expect(resumed.map((e) => e.id)).toEqual(events.slice(5).map((e) => e.id));
  });

  it('lists runs newest first with a cursor', async () => {
    await eventually(async () => (await p.api.inject({ method: 'GET', url: '/v1/runs', headers: p.auth() })).json().runs.length >= 2);
    const page1 = (await p.api.inject({ method: 'GET', url: '/v1/runs?limit=1', headers: p.auth() })).json();
    expect(page1.runs).toHaveLength(1);
    const page2 = (await p.api.inject({ method: 'GET', url: `/v1/runs?limit=1&cursor=${page1.nextCursor}`, headers: p.auth() })).json();
    expect(page2.runs[0].id).not.toBe(page1.runs[0].id);
    expect(page2.runs[0].createdAt <= page1.runs[0].createdAt).toBe(true);
    expectError(await p.api.inject({ method: 'GET', url: '/v1/runs?cursor=garbage', headers: p.auth() }), 400, 'invalid_request');
    expectError(await p.api.inject({ method: 'GET', url: '/v1/runs?status=asleep', headers: p.auth() }), 400, 'invalid_request');
  });
});

describe('traces and audit', () => {
  it('records each run as a trace linked from the run, and who did what in the audit log', async () => {
    const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'adder', input: 'two-turns' } });
    const id = start.json().id;
    const run = await eventually(async () => {
      const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
      return r.status === 'completed' ? r : undefined;
    });
    expect(run.trace.url).toBe(`/v1/traces/${run.trace.traceId}`);
    const trace = await eventually(async () => {
      const res = await p.api.inject({ method: 'GET', url: run.trace.url, headers: p.auth() });
      const body = res.statusCode === 200 ? res.json() : undefined;
      return body?.trace?.output ? body : undefined;
    });
    expect(trace.trace.workflowId).toBe(id);
    const types = trace.observations.map((o: { type: string }) => o.type);
    expect(types.filter((t: string) => t === 'generation')).toHaveLength(3);
    expect(types.filter((t: string) => t === 'tool')).toHaveLength(2);
    expectError(await p.api.inject({ method: 'GET', url: run.trace.url, headers: p.auth(p.otherTenant.key) }), 404, 'not_found');

    const audit = (await p.api.inject({ method: 'GET', url: '/v1/audit', headers: p.auth() })).json();
    const actions = audit.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['agent.registered', 'run.started', 'tool.executed']));
    expect((await p.api.inject({ method: 'GET', url: '/v1/audit', headers: p.auth(p.otherTenant.key) })).json().entries).toEqual([]);
  });
});
