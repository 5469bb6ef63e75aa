// Structured JSON logs (issue 13): every line of a request carries its request id and tenant (and
// trace id where known), and no line holds an API key, a secret body field, a cookie or a
// credential-shaped string — captured at the logger's destination stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { createKeelLogger, keelLogLevel, temporalLogger } from '../../services/platform';
import { openStore, type Store } from '../../services/store';
import { traceIdForWorkflow } from '../../services/tracing';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) }, records: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('API logs', () => {
  let dataDir: string;
  let store: Store;
  let api: FastifyInstance;
  let tenantId: string;
  let key: string;
  const out = capture();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-logging-'));
    store = await openStore('sqlite:platform.sqlite', dataDir);
    const tenant = await store.tenants.create('acme');
    tenantId = tenant.id;
    key = (await store.tenants.createApiKey(tenant.id)).key;
    const registry = agentRegistry(store);
    // An authenticated route that logs a secret-named field and fails with the caller's key in its error.
    const boom = async (app: FastifyInstance) => {
      app.get('/v1/boom', { config: { scope: 'read' } }, async (request) => {
        request.log.info({ body: { password: 'hunter2-hunter2', nested: { clientSecret: 'cs-0123456789abcdef' } }, headers: { authorization: `Bearer ${key}` } }, `handler saw ${key}`);
        throw new Error(`upstream refused Authorization: Bearer ${key}`);
      });
    };
    api = await buildApi({
      store,
      services: { registry },
      plugins: [{ plugin: boom }],
      loggerInstance: createKeelLogger({ level: 'info', destination: out.destination, base: { service: 'api' } }),
    });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs request id, tenant and trace id on every line of a request, and no secret text', async () => {
    const secretBody = { name: 'support', instructions: 'Help.', model: 'default', metadata: { apiKey: 'sk-live-0123456789abcdefghij', password: 'correct horse battery staple' } };
    const res = await api.inject({
      method: 'POST', url: '/v1/agents?token=qs-secret-0123456789',
      headers: { authorization: `Bearer ${key}`, cookie: 'session=cookie-secret-value', 'x-api-key': 'xak-secret-value-0123', 'x-request-id': 'req-42', 'x-trace-id': 'trace-abc' },
      payload: secretBody,
    });
    expect(res.headers['x-request-id']).toBe('req-42');
    const boom = await api.inject({ method: 'GET', url: '/v1/boom', headers: { authorization: `Bearer ${key}` } });
    expect(boom.statusCode).toBe(500);

    const records = out.records();
    const ofRequest = records.filter((r) => r.requestId === 'req-42');
    expect(ofRequest.map((r) => r.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    const completed = ofRequest.find((r) => r.msg === 'request completed')!;
    expect(completed).toMatchObject({ level: 'info', service: 'api', tenantId, traceId: 'trace-abc', res: { statusCode: res.statusCode } });
    const boomLines = records.filter((r) => r.requestId === boom.headers['x-request-id']);
    expect(boomLines.find((r) => r.msg === 'unhandled error')).toMatchObject({ level: 'error', tenantId, err: { message: expect.stringContaining('Bearer [REDACTED:token]') } });
    expect(boomLines.find((r) => r.msg?.startsWith('handler saw'))).toMatchObject({ tenantId, body: { password: '[REDACTED:secret]' } });

    const text = out.lines.join('');
    for (const secret of [key, key.slice(5), 'sk-live-0123456789abcdefghij', 'correct horse', 'hunter2', 'cs-0123456789abcdef', 'cookie-secret-value', 'xak-secret-value', 'qs-secret-0123456789']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('Help.'); // the access log carries no bodies
  });

  it("answers a hostile X-Request-Id with its own id", async () => {
    const res = await api.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b\u0000c'.repeat(100) } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('worker logs', () => {
  it("forward Temporal's logger to JSON lines with the run's trace id and no secrets", () => {
    const out = capture();
    const logger = temporalLogger(createKeelLogger({ level: 'warn', destination: out.destination, base: { service: 'worker' } }));
    logger.info('below the level', { workflowId: 'run-1' });
    logger.warn('activity failed: Bearer keel_AbCdEf0123456789AbCdEf0123456789', { workflowId: 'run-1', activityType: 'callModel', headers: { authorization: 'Bearer abc.def.ghi' }, secret: 'tenant-secret-value' });
    const [line, ...rest] = out.records();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'warn', service: 'worker', workflowId: 'run-1', traceId: traceIdForWorkflow('run-1'), activityType: 'callModel' });
    expect(out.lines.join('')).not.toMatch(/AbCdEf0123456789|abc\.def\.ghi|tenant-secret-value/);
  });

  it('takes its level from KEEL_LOG_LEVEL, refusing an unknown one', () => {
    expect(keelLogLevel('warn', {})).toBe('warn');
    expect(keelLogLevel('warn', { KEEL_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => keelLogLevel('warn', { KEEL_LOG_LEVEL: 'loud' })).toThrow(/KEEL_LOG_LEVEL/);
  });
});
