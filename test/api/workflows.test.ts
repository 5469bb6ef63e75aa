// Workflow registration and versions over real HTTP handling (fastify inject, real SQLite store,
// real auth and scopes) with the real tenant checks: agents in the store, collections in an
// embedded vector store, tools listed from a real MCP server over stdio, the router's models.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { createMcpPool, McpServerSpec, type McpPool } from '../../services/mcp';
import { openStore, type Store } from '../../services/store';
import { EmbeddedVectorStore } from '../../services/vector';
import { versionService } from '../../services/versions';
import { tenantChecks, workflowRegistry } from '../../services/workflows';
import { testMcpServer } from '../support/platform';

let store: Store;
let vectors: EmbeddedVectorStore;
let pool: McpPool;
let api: FastifyInstance;
let writer: string;
let agentsOnly: string;
let otherTenant: string;
let tenantId: string;

const dir = mkdtempSync(join(tmpdir(), 'keel-workflows-api-'));

beforeAll(async () => {
  store = await openStore('sqlite:keel.sqlite', dir);
  vectors = new EmbeddedVectorStore(join(dir, 'vector'));
  pool = createMcpPool();
  const audit = auditLog(store.db);
  const tools = McpServerSpec.parse({ name: 'tools', ...testMcpServer() });
  const workflows = workflowRegistry({
    store, audit,
    checks: (tenant) => tenantChecks({
      definitions: store.definitions,
      models: () => ['default'],
      collections: async (t) => (await vectors.listCollections(t)).map((c) => c.name),
      resolveServer: async (_t, name) => (name === 'tools' ? tools : undefined),
      pool,
    }, tenant),
  });
  api = await buildApi({ store, services: { registry: agentRegistry(store, audit), versions: versionService({ store, audit }), workflows, audit } });
  const tenant = await store.tenants.create('acme');
  tenantId = tenant.id;
  writer = (await store.tenants.createApiKey(tenant.id, 'writer', ['workflows:write', 'agents:write', 'read'])).key;
  agentsOnly = (await store.tenants.createApiKey(tenant.id, 'agents', ['agents:write', 'read'])).key;
  const other = await store.tenants.create('globex');
  otherTenant = (await store.tenants.createApiKey(other.id, 'other', ['admin'])).key;
  await vectors.ensureCollection({ name: 'handbook' });
  await vectors.upsert(tenant.id, 'handbook', [{ documentId: 'a.md', chunkIndex: 0, contentHash: 'h', text: 'Yaw brakes.' }]);
  // Another tenant's collection: acme must not be able to name it.
  await vectors.ensureCollection({ name: 'secret' });
  await vectors.upsert(other.id, 'secret', [{ documentId: 'b.md', chunkIndex: 0, contentHash: 'h', text: 'Globex only.' }]);
  const agent = await api.inject({ method: 'POST', url: '/v1/agents', headers: { authorization: `Bearer ${writer}` }, payload: { name: 'triage', instructions: 'Classify.', model: 'default' } });
  expect(agent.statusCode).toBe(201);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await pool?.close();
  await vectors?.close();
  await store?.close();
});

const yaml = 'application/yaml';
const register = (text: string, query = '', key = writer, type = yaml) =>
  api.inject({ method: 'POST', url: `/v1/workflows${query}`, headers: { authorization: `Bearer ${key}`, 'content-type': type }, payload: text });
const call = (method: 'GET' | 'POST', url: string, payload?: unknown, key = writer) =>
  api.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

/** A workflow naming one of everything the tenant checks look up. */
const triageLite = (answer = 'Answer: {{ inputs.message }}') => `name: triage-lite
description: Classify and answer.
steps:
  - id: search
    kind: retrieve
    collection: handbook
    query: "{{ inputs.message }}"
  - id: classify
    kind: agent
    agent: triage@1
    input: "{{ inputs.message }}"
  - id: notify
    kind: tool
    server: tools
    tool: echo
    arguments: { text: hi }
  - id: answer
    kind: llm
    model: default
    prompt: "${answer}"
`;

describe('POST /v1/workflows', () => {
  it('registers a valid YAML definition as stable version 1, lists it and shows it', async () => {
    const res = await register(triageLite());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: true, workflow: { name: 'triage-lite', version: 1 }, labels: { stable: 1, canary: null, pinned: null } });
    expect(res.json().workflow.definition.steps[0]).toMatchObject({ id: 'search', mode: 'hybrid', topK: 8 });
    const again = await register(triageLite());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, workflow: { version: 1 } });

    const list = (await call('GET', '/v1/workflows')).json();
    expect(list.workflows).toEqual([expect.objectContaining({ name: 'triage-lite', latestVersion: 1, labels: { stable: 1, canary: null, pinned: null, previousStable: [] } })]);
    const got = await call('GET', '/v1/workflows/triage-lite?version=1');
    expect(got.json()).toMatchObject({ name: 'triage-lite', version: 1, definition: { description: 'Classify and answer.' } });
    expect((await call('GET', '/v1/workflows/triage-lite?version=9')).statusCode).toBe(404);
    // Another tenant sees none of it.
    expect((await call('GET', '/v1/workflows', undefined, otherTenant)).json()).toEqual({ workflows: [] });
    expect((await call('GET', '/v1/workflows/triage-lite', undefined, otherTenant)).statusCode).toBe(404);
    const audit = (await call('GET', '/v1/audit?action=workflow.registered')).json();
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'workflow.registered', target: { type: 'workflow', id: 'triage-lite@1' } })]);
  });

  it('names every offline error with its step, path and line:column, and saves nothing', async () => {
    const text = `name: broken
steps:
  - id: ask
    kind: llm
    model: default
    prompt: "{{ inputs.q"
  - id: route
    kind: branch
    cases:
      - when: steps.asc.output == "x"
        steps: [{ id: w, kind: wait, duration: 1s }]
`;
    const res = await register(text);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_workflow');
    expect(error.message).toMatch(/^invalid workflow definition: steps\[0\]\.prompt \(6:13\): step "ask": invalid template.*\(and 1 more\)$/);
    expect(error.details.errors).toEqual([
      { path: 'steps[0].prompt', step: 'ask', line: 6, column: 13, message: expect.stringMatching(/^invalid template/) },
      { path: 'steps[1].cases[0].when', step: 'route', line: 10, column: 15, message: 'unknown step "asc"' },
    ]);
    expect((await call('GET', '/v1/workflows/broken')).statusCode).toBe(404);
    expect(await store.definitions.summary(tenantId, 'workflow', 'broken')).toBeUndefined();
  });

  it('refuses what the tenant does not have — agent, agent version, tool, server, collection, model, workflow — all at once', async () => {
    const text = `name: unknowns
steps:
  - id: search
    kind: retrieve
    collection: secret
    query: q
  - id: ask
    kind: llm
    model: gpt-9
    prompt: p
  - id: expert
    kind: agent
    agent: nobody
    input: x
  - id: old_expert
    kind: agent
    agent: triage@7
    input: x
  - id: ticket
    kind: tool
    server: tools
    tool: delete_everything
  - id: page
    kind: tool
    server: pager
    tool: page
  - id: child
    kind: workflow
    workflow: ghost
  - id: fine
    kind: workflow
    workflow: triage-lite@1
`;
    const res = await register(text);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errors).toEqual([
      { path: 'steps[0].collection', step: 'search', line: 5, column: 17, message: 'unknown collection "secret"' },
      { path: 'steps[1].model', step: 'ask', line: 9, column: 12, message: 'unknown model "gpt-9"' },
      { path: 'steps[2].agent', step: 'expert', line: 13, column: 12, message: 'unknown agent "nobody"' },
      { path: 'steps[3].agent', step: 'old_expert', line: 17, column: 12, message: 'unknown agent "triage@7"' },
      { path: 'steps[4].tool', step: 'ticket', line: 22, column: 11, message: 'no tool "delete_everything" on MCP server "tools"' },
      { path: 'steps[5].tool', step: 'page', line: 26, column: 11, message: 'unknown MCP server "pager"' },
      { path: 'steps[6].workflow', step: 'child', line: 29, column: 15, message: 'unknown workflow "ghost"' },
    ]);
    expect(await store.definitions.summary(tenantId, 'workflow', 'unknowns')).toBeUndefined();
  });

  it('takes JSON too, with positions, and refuses text that is neither', async () => {
    const json = JSON.stringify({ name: 'json-wf', steps: [{ id: 'a', kind: 'llm', model: 'default', prompt: 'p' }] }, null, 2);
    const ok = await register(json, '', writer, 'application/json');
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await register('{\n  "name": "json-wf",\n  "steps": [{ "id": "a", "kind": "llm", "model": "nope", "prompt": "p" }]\n}', '', writer, 'application/json');
    expect(bad.json().error.details.errors).toEqual([{ path: 'steps[0].model', step: 'a', line: 3, column: 50, message: 'unknown model "nope"' }]);
    const garbage = await register('name: [unclosed', '', writer);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error).toMatchObject({ code: 'invalid_workflow', details: { errors: [expect.objectContaining({ path: '(definition)', message: expect.stringMatching(/^not valid YAML or JSON/) })] } });
    const tooBig = await register(`name: big\ndescription: "${'x'.repeat(1_000_001)}"\nsteps: []\n`);
    expect(tooBig.statusCode).toBe(413);
  });

  it('needs the workflows:write scope', async () => {
    const res = await register(triageLite('Other.'), '', agentsOnly);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({ code: 'forbidden', message: 'this key lacks the "workflows:write" scope' });
  });
});

describe('workflow versions', () => {
  it('registers with traffic, promotes, rolls back, canaries, pins and diffs', async () => {
    const v2 = await register(triageLite('Two: {{ inputs.message }}'), '?canary=20');
    expect(v2.json()).toMatchObject({ created: true, workflow: { version: 2 }, labels: { stable: 1, canary: { version: 2, percent: 20 } } });
    const v3 = await register(triageLite('Three: {{ inputs.message }}'));
    expect(v3.json()).toMatchObject({ workflow: { version: 3 }, labels: { stable: 1, canary: { version: 2, percent: 20 } } });
    expect((await register(triageLite('Four.'), '?stable=true&canary=5')).statusCode).toBe(400);
    expect(await store.definitions.summary(tenantId, 'workflow', 'triage-lite')).toMatchObject({ latestVersion: 3 });

    const versions = (await call('GET', '/v1/workflows/triage-lite/versions')).json();
    expect(versions.versions.map((v: { version: number; labels: string[] }) => [v.version, v.labels])).toEqual([[1, ['stable']], [2, ['canary']], [3, []]]);

    expect((await call('POST', '/v1/workflows/triage-lite/promote', {})).json().labels).toEqual({ stable: 2, canary: null, pinned: null, previousStable: [1] });
    expect((await call('POST', '/v1/workflows/triage-lite/canary', { version: 3, percent: 12.5 })).json().labels).toMatchObject({ stable: 2, canary: { version: 3, percent: 12.5 } });
    expect((await call('POST', '/v1/workflows/triage-lite/rollback', {})).json().labels).toEqual({ stable: 1, canary: null, pinned: null, previousStable: [] });
    expect((await call('POST', '/v1/workflows/triage-lite/pin', { version: 3 })).json().labels).toMatchObject({ stable: 1, pinned: 3 });
    expect((await call('POST', '/v1/workflows/triage-lite/pin', { version: null })).json().labels).toMatchObject({ pinned: null });
    expect((await call('POST', '/v1/workflows/triage-lite/promote', { version: 9 })).statusCode).toBe(404);
    // A read-only key cannot move traffic; another tenant cannot see the name.
    expect((await call('POST', '/v1/workflows/triage-lite/promote', {}, agentsOnly)).statusCode).toBe(403);
    expect((await call('GET', '/v1/workflows/triage-lite/versions', undefined, otherTenant)).statusCode).toBe(404);

    const diff = (await call('GET', '/v1/workflows/triage-lite/diff?from=1&to=3')).json();
    expect(diff.changes).toEqual([{ path: 'steps[3].prompt', change: 'changed', before: 'Answer: {{ inputs.message }}', after: 'Three: {{ inputs.message }}' }]);
    expect(diff.unified).toContain("-    prompt: \"Answer: {{ inputs.message }}\"");
    expect(diff.unified).toContain("+    prompt: \"Three: {{ inputs.message }}\"");

    const actions = (await call('GET', '/v1/audit?limit=100')).json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['workflow.registered', 'workflow.canary_set', 'workflow.promoted', 'workflow.rolled_back', 'workflow.pinned', 'workflow.unpinned']));
  });
});
