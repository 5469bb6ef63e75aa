// The OpenAPI document (issue 10): it validates against the OpenAPI Initiative's 3.0 schema, every
// $ref in it resolves, and every route the platform registers is an operation with a unique
// camelCase operationId, a summary, a 2xx with a schema, its errors, its security and its scope —
// so a route added without a response schema or operationId fails here. Over the real platform
// (every service, the MCP endpoints; Temporal dev server, SQLite, the model stand-in; no worker).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../services/api';
import { openStore } from '../../services/store';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const PUBLIC_ROUTES = ['GET /healthz', 'GET /livez', 'GET /readyz', 'GET /openapi.json', 'GET /metrics'];

let model: VllmStandin;
let p: TestPlatform;
let doc: Json;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, worker: 'none' });
  const res = await p.api.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const operations = (d: Json) =>
  Object.entries<Json>(d.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })));

/** `/v1/runs/:id` as the document spells it. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Authenticated routes as the API registered them (HEAD twins are not documented). */
const securedRoutes = (app: FastifyInstance) => app.routeScopes.filter((r) => r.method !== 'HEAD');

/** What is wrong with each operation of a document; empty when every one is complete. */
function operationProblems(d: Json, app: FastifyInstance): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const { key, op } of operations(d)) {
    const id = op.operationId;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9]*$/.test(id)) problems.push(`${key}: operationId ${JSON.stringify(id)} is not camelCase`);
    else if (ids.has(id)) problems.push(`${key}: operationId ${id} is also ${ids.get(id)}`);
    else ids.set(id, key);
    if (!op.summary) problems.push(`${key}: no summary`);
    const statuses = Object.keys(op.responses ?? {});
    const success = statuses.filter((s) => s.startsWith('2'));
    if (success.length === 0) problems.push(`${key}: no 2xx response`);
    for (const s of success) {
      const r = op.responses[s];
      const hasSchema = Object.values<Json>(r.content ?? {}).some((m) => m.schema);
      // A route without a response schema shows up as swagger's bare "Default Response"; a
      // bodiless one (204) is declared with a described z.undefined().
      if (!hasSchema && r.description === 'Default Response') problems.push(`${key}: ${s} has no schema`);
    }
    if (!statuses.some((s) => s.startsWith('4'))) problems.push(`${key}: no 4xx response`);
    const scope = op['x-keel-scope'];
    if (PUBLIC_ROUTES.includes(key)) {
      if (!Array.isArray(op.security) || op.security.length !== 0) problems.push(`${key}: a public route needs security: []`);
    } else {
      if (!Array.isArray(scope) || scope.length === 0) problems.push(`${key}: no x-keel-scope`);
      if (!Array.isArray(op.security) || op.security.length === 0) problems.push(`${key}: no security`);
      if (!op.description?.includes(`\`${scope?.[0]}\``)) problems.push(`${key}: the description does not name its scope`);
    }
  }
  const documented = new Set(operations(d).map((o) => o.key));
  for (const r of securedRoutes(app)) {
    const key = `${r.method} ${openApiPath(r.url)}`;
    if (!documented.has(key)) problems.push(`${key}: registered but not in the document`);
  }
  for (const key of PUBLIC_ROUTES) if (!documented.has(key)) problems.push(`${key}: registered but not in the document`);
  return problems;
}

function unresolvedRefs(d: Json): string[] {
  const missing: string[] = [];
  const resolve = (ref: string) => ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<any>((at, part) => at?.[part], d);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && (!v.startsWith('#/') || resolve(v) === undefined)) missing.push(v);
      else walk(v);
    }
  };
  walk(d);
  return missing;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.0.3 and validates against the OpenAPI Initiative schema', () => {
    expect(doc.openapi).toBe('3.0.3');
    const schema = JSON.parse(readFileSync(join(__dirname, '../fixtures/openapi/openapi-3.0-schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const valid = ajv.validate(schema, doc);
    expect(valid ? [] : ajv.errors!.slice(0, 20).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
  });

  it('rejects what the schema forbids (the validator is not vacuous)', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../fixtures/openapi/openapi-3.0-schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const [first] = operations(doc);
    const broken = structuredClone(doc);
    broken.paths[first.path][first.key.split(' ')[0].toLowerCase()].responses = { 200: { content: {} } };
    expect(ajv.validate(schema, broken)).toBe(false);
    expect(ajv.validate(schema, { ...doc, openapi: '3.1.0' })).toBe(false);
  });

  it('resolves every $ref', () => {
    expect(unresolvedRefs(doc)).toEqual([]);
    expect(doc.components.schemas.ErrorResponse.properties.error.required).toEqual(['code', 'message']);
  });

  it('documents every registered route completely', () => {
    expect(operationProblems(doc, p.api)).toEqual([]);
    expect(operations(doc).length).toBeGreaterThanOrEqual(securedRoutes(p.api).length + PUBLIC_ROUTES.length);
  });

  it('declares both security schemes and each operation the scope its route checks', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
    for (const r of securedRoutes(p.api)) {
      const op = doc.paths[openApiPath(r.url)][r.method.toLowerCase()];
      expect(op['x-keel-scope'], `${r.method} ${r.url}`).toEqual(r.scopes);
    }
    expect(doc.paths['/v1/runs'].post.operationId).toBe('startRun');
    expect(doc.paths['/v1/runs'].get.operationId).toBe('listRuns');
    expect(doc.paths['/v1/chat/completions'].post.operationId).toBe('createChatCompletion');
    const versionOps = ['promote', 'rollback', 'canary', 'pin'].map((verb) => doc.paths[`/v1/agents/{name}/${verb}`].post.operationId);
    expect(versionOps).toEqual(['promoteAgent', 'rollbackAgent', 'setCanaryAgent', 'pinAgent']);
    expect(doc.paths['/v1/agents/{name}/diff'].get.operationId).toBe('diffAgentVersions');
    expect(doc.paths['/v1/workflows'].post.operationId).toBe('registerWorkflow');
    expect(Object.keys(doc.paths['/v1/workflows'].post.requestBody.content)).toEqual(expect.arrayContaining(['application/yaml', 'application/json']));
    expect(['versions', 'diff'].map((verb) => doc.paths[`/v1/workflows/{name}/${verb}`].get.operationId)).toEqual(['listWorkflowVersions', 'diffWorkflowVersions']);
    expect(['promote', 'rollback', 'canary', 'pin'].map((verb) => doc.paths[`/v1/workflows/{name}/${verb}`].post.operationId)).toEqual(['promoteWorkflow', 'rollbackWorkflow', 'setCanaryWorkflow', 'pinWorkflow']);
    expect(doc.paths['/v1/agents/{name}/versions'].get.responses['200'].content['application/json'].schema.properties.labels).toBeDefined();
    expect(doc.paths['/v1/runs/{id}'].get.responses['200'].content['application/json'].schema.properties.versionReason).toBeDefined();
  });

  it('refers 4xx and 5xx to the shared error schemas, Anthropic-shaped on /v1/messages', () => {
    const errorRef = (op: Json, status: string) => op.responses[status]?.content?.['application/json']?.schema?.$ref;
    const runs = doc.paths['/v1/runs/{id}'].get;
    for (const status of ['400', '401', '403', '404', '429', '500']) expect(errorRef(runs, status), status).toBe('#/components/schemas/ErrorResponse');
    const messages = doc.paths['/v1/messages'].post;
    for (const status of ['400', '401', '403', '429', '500', '502', '503']) expect(errorRef(messages, status), status).toBe('#/components/schemas/AnthropicErrorResponse');
    expect(doc.components.schemas.AnthropicErrorResponse.properties.type).toBeDefined();
  });

  it('documents the event streams: run events with Last-Event-ID, chat and messages as alternatives', () => {
    const events = doc.paths['/v1/runs/{id}/events'].get;
    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(events.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'last-event-id' })]));
    for (const path of ['/v1/chat/completions', '/v1/messages']) {
      expect(Object.keys(doc.paths[path].post.responses['200'].content).sort(), path).toEqual(['application/json', 'text/event-stream']);
    }
    expect(doc.paths['/v1/messages'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'anthropic-version' })]));
  });

  it('documents /metrics, /healthz and the MCP endpoints', () => {
    expect(Object.keys(doc.paths['/metrics'].get.responses['200'].content)).toEqual(['text/plain']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    for (const path of ['/mcp', '/mcp/knowledge']) expect(Object.keys(doc.paths[path]).sort(), path).toEqual(['delete', 'get', 'post']);
    expect(doc.paths['/mcp'].post['x-keel-scope']).toEqual(['runs', 'read']);
  });

  it('flags a route added without a response schema or operationId', async () => {
    const store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-openapi-')));
    try {
      const bare = async (app: FastifyInstance) => {
        app.get('/v1/undocumented', { config: { scope: 'read' }, schema: { summary: 'Forgot the rest' } }, async () => ({ ok: true }));
        app.get('/v1/hidden', { config: { scope: 'read' }, schema: { hide: true } }, async () => ({ ok: true }));
      };
      const api = await buildApi({ store, services: {}, plugins: [{ plugin: bare }] });
      const problems = operationProblems((await api.inject({ method: 'GET', url: '/openapi.json' })).json(), api);
      expect(problems).toEqual(expect.arrayContaining([
        'GET /v1/undocumented: operationId undefined is not camelCase',
        'GET /v1/undocumented: 200 has no schema',
        'GET /v1/hidden: registered but not in the document',
      ]));
      await api.close();
    } finally {
      await store.close();
    }
  });
});
