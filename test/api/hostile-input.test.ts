// Bad input is a 4xx (issue 13, findings 4a and 6, and the property suite): the API over a real
// platform (Temporal dev server, SQLite, model stand-in; no worker) answers any body with a 2xx or
// a 4xx carrying { error: { code, message } }, never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, worker: 'none' });
  await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'adder', instructions: 'Add.', model: TEST_MODEL } });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

type Reply = { statusCode: number; body: string };

function expectHandled(res: Reply, what: string): void {
  if (res.statusCode >= 200 && res.statusCode < 300) return;
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  const { error } = JSON.parse(res.body);
  expect(typeof error.code).toBe('string');
  expect(typeof error.message).toBe('string');
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  p.api.inject({ method: 'POST', url, headers: { ...p.auth(), 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

const expect400 = (res: Reply, message?: RegExp) => {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = JSON.parse(res.body);
  expect(error.code).toBe('invalid_request');
  if (message) expect(error.message).toMatch(message);
};

const validJob = { collection: 'docs', source: { kind: 'urls', urls: ['https://example.com/a'] } };

describe('findings that were 500s', () => {
  it('refuses an invalid cron or time zone with 400', async () => {
    for (const cron of ['61 * * * *', 'not a cron at all', '* * * * * * * *', '0 0 32 * *', '@fortnightly', '5-1 * * * *']) {
      expect400(await post('/v1/sources', { sourceId: 'nightly', cron, job: validJob }), /cron/);
    }
    expect400(await post('/v1/sources', { sourceId: 'nightly', cron: '0 3 * * *', timezone: 'Mars/Olympus', job: validJob }), /time zone/);
    const ok = await post('/v1/sources', { sourceId: 'nightly', cron: '0 3 * * mon-fri', timezone: 'Europe/Paris', job: validJob });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses JSON nested 10,000 deep with 400', async () => {
    expect400(await post('/v1/agents', `${'['.repeat(10_000)}${']'.repeat(10_000)}`), /nests deeper/);
    expect400(await post('/v1/runs', `{"agent":"adder","input":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`), /nests deeper/);
    // Brackets inside strings are text, not nesting.
    const res = await post('/v1/runs', { agent: 'adder', input: '['.repeat(10_000) });
    expect(res.statusCode, res.body).toBe(202);
  });

  it('refuses YAML with a recursive alias, an alias flood or deep nesting with 400', async () => {
    const yaml = (body: string) => post('/v1/agents', body, { 'content-type': 'application/yaml' });
    expect400(await yaml('name: loop\ninstructions: &a [*a]\nmodel: m\n'), /YAML/);
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect400(await yaml(`${laughs.join('\n')}\nname: x\n`), /YAML/);
    expect400(await yaml(`name: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`), /YAML|deeper/);
  });

  it('refuses an output schema pattern RE2 cannot run with 400 naming its path, and accepts a catastrophic one (run on RE2)', async () => {
    const agent = (outputSchema: unknown) => post('/v1/agents', { name: 'shaped', instructions: 'x', model: TEST_MODEL, outputSchema });
    expect400(await agent({ type: 'object', properties: { code: { type: 'string', pattern: '^(\\w)\\1$' } } }), /^outputSchema\.properties\.code\.pattern:/);
    expect((await agent({ type: 'string', pattern: '^(a+)+$' })).statusCode).toBe(201);
  });
});

// ---- property tests --------------------------------------------------------------------------

const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string(), fc.integer(), fc.double(), fc.constant(null));
/** Mostly the right shape, sometimes anything. */
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
/** Well-formed bodies (required fields present), bodies with junk fields, and anything at all. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record(fields, { requiredKeys: required }) },
    { weight: 3, arbitrary: fc.record(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, maybe(v)])), { requiredKeys: required }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );

const shortName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/);
const sourceSpec = fc.oneof(
  fc.record({ kind: fc.constant('urls'), urls: fc.array(fc.webUrl(), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('urls'), urls: fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('directory'), path: fc.constantFrom('/etc', '../..', 'missing-dir', ''), include: fc.array(fc.string(), { maxLength: 2 }) }, { requiredKeys: ['kind', 'path'] }),
  fc.record({ kind: fc.constant('sitemap'), url: fc.oneof(fc.webUrl(), fc.string()), maxUrls: fc.integer() }, { requiredKeys: ['kind', 'url'] }),
  fc.record({ kind: fc.constant('s3'), bucket: fc.string(), prefix: fc.string(), endpoint: fc.constantFrom('http://127.0.0.1:1', 'not a url') }, { requiredKeys: ['kind', 'bucket'] }),
  fc.record({ kind: fc.constant('blobs'), documents: fc.array(fc.record({ uri: fc.string(), blobRef: fc.string(), mediaType: fc.string() }), { maxLength: 2 }) }),
  fc.record({ kind: fc.string() }),
);
const job = shaped({
  collection: fc.oneof(shortName, fc.string()),
  source: sourceSpec,
  chunking: fc.record({ maxTokens: fc.integer(), overlapTokens: fc.integer(), tokenCounter: fc.constantFrom('estimate', 'cl100k', 'x') }, { requiredKeys: [] }),
  batchSize: fc.integer({ min: 1, max: 100 }),
}, ['collection', 'source']);
const schemaFragment = fc.oneof(
  fc.record({ type: fc.constantFrom('object', 'string', 'array', 'nope'), pattern: fc.constantFrom('^(a+)+$', '(a)\\1', '(?=x)', '[', '^\\d{3}$', '\\'), minLength: fc.integer() }, { requiredKeys: [] }),
  fc.record({ patternProperties: fc.dictionary(fc.constantFrom('^x', '(?<!a)b', '(', '.*'), fc.jsonValue({ maxDepth: 2 })) }),
  fc.jsonValue({ maxDepth: 4 }),
);
const message = fc.record({
  role: fc.constantFrom('user', 'user', 'system', 'developer', 'assistant', 'tool', 'robot'),
  content: fc.oneof(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.array(fc.record({ type: fc.constantFrom('text', 'image_url', 'x'), text: fc.string() }, { requiredKeys: [] }), { maxLength: 2 }), fc.constant(null)),
}, { requiredKeys: ['role'] });

const routes: Array<{ name: string; url: fc.Arbitrary<string>; body: fc.Arbitrary<unknown> }> = [
  {
    name: 'agent registration',
    url: fc.constant('/v1/agents'),
    body: shaped({
      name: fc.oneof(shortName, fc.string()),
      instructions: fc.string({ minLength: 1 }),
      model: fc.constantFrom(TEST_MODEL, 'unknown-model'),
      description: fc.string(),
      generation: fc.record({ temperature: fc.double({ min: 0, max: 2, noNaN: true }), maxTokens: fc.integer({ min: 1, max: 4096 }) }, { requiredKeys: [] }),
      tools: fc.array(fc.oneof(fc.record({ server: fc.string(), tools: fc.array(fc.string(), { maxLength: 3 }), approval: fc.dictionary(fc.string(), fc.constantFrom('always', 'never', 'auto', 'x')) }, { requiredKeys: ['server'] }), fc.string()), { maxLength: 3 }),
      limits: fc.record({ maxSteps: fc.integer({ min: -1, max: 100 }), maxTotalTokens: fc.integer(), deadlineSeconds: fc.integer({ min: 0, max: 3600 }) }, { requiredKeys: [] }),
      outputSchema: schemaFragment,
    }, ['name', 'instructions', 'model']),
  },
  {
    name: 'workflow registration',
    url: fc.constantFrom('/v1/workflows', '/v1/workflows?stable=true', '/v1/workflows?canary=150'),
    body: shaped({
      name: fc.oneof(shortName, fc.string()),
      description: fc.string(),
      inputs: schemaFragment,
      outputs: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
      steps: fc.array(fc.oneof(
        shaped({ id: shortName, kind: fc.constantFrom('llm', 'retrieve', 'tool', 'agent', 'workflow', 'set', 'wait', 'branch', 'map', 'magic'), model: fc.constantFrom(TEST_MODEL, 'x'), prompt: fc.string(), collection: fc.string(), query: fc.string(), server: fc.string(), tool: fc.string(), agent: fc.string(), workflow: fc.string(), values: fc.dictionary(shortName, fc.string()), duration: fc.string(), over: fc.string(), steps: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }) }, ['id', 'kind']),
        fc.jsonValue({ maxDepth: 2 }),
      ), { maxLength: 4 }),
    }, ['name', 'steps']),
  },
  {
    name: 'run start',
    url: fc.constant('/v1/runs'),
    body: shaped({
      agent: fc.constantFrom('adder', 'nobody', '', 'Bad Name!'),
      version: fc.integer(),
      input: fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
      priority: fc.constantFrom('interactive', 'batch', 'urgent'),
    }, ['agent', 'input']),
  },
  {
    name: 'source registration',
    url: fc.constant('/v1/sources'),
    body: shaped({
      sourceId: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.string()),
      cron: fc.oneof(fc.constantFrom('0 * * * *', '*/5 * * * *', '@daily', '@every 90m', '0 0 31 2 *', '0 0 * * 7', '60 * * * *', '* * *', '1,2-5/2 0-23 * jan-mar sun'), fc.string()),
      timezone: fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Olympus', '', 'Local'),
      paused: fc.boolean(),
      job,
    }, ['sourceId', 'cron', 'job']),
  },
  { name: 'ingest job', url: fc.constant('/v1/ingest/jobs'), body: job },
  {
    name: 'collection search',
    url: fc.oneof(
      fc.constantFrom('docs', 'Bad Name!', 'x'.repeat(300), '..', '%00').map((name) => `/v1/collections/${encodeURIComponent(name)}/search`),
      fc.constant('/v1/collections/%zz/search'),
    ),
    body: shaped({
      query: fc.string({ minLength: 1 }),
      mode: fc.constantFrom('lexical', 'dense', 'hybrid', 'vibes'),
      limit: fc.integer({ min: 0, max: 100 }),
      rerank: fc.boolean(),
      rewrite: fc.boolean(),
      fusion: fc.record({ k: fc.integer(), denseWeight: fc.double() }, { requiredKeys: [] }),
      documentIds: fc.array(fc.string(), { maxLength: 3 }),
    }, ['query']),
  },
  {
    name: 'tool server registration',
    url: fc.constant('/v1/tools/servers'),
    body: fc.oneof(
      shaped({
        name: fc.oneof(shortName, fc.string()),
        transport: fc.constantFrom('http', 'http', 'carrier-pigeon'),
        url: fc.constantFrom('https://tools.example.com/mcp', 'http://127.0.0.1:1/mcp', 'http://[::1]/', 'file:///etc/passwd', 'not a url'),
        headers: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.record({ fromEnv: fc.string() }), fc.record({ secret: fc.string() }))),
      }, ['name', 'transport', 'url']),
      shaped({ name: shortName, transport: fc.constant('stdio'), command: fc.string(), args: fc.array(fc.string(), { maxLength: 2 }) }, ['name', 'transport', 'command']),
    ),
  },
  {
    name: 'gateway chat completion',
    url: fc.constant('/v1/chat/completions'),
    body: shaped({
      model: fc.constantFrom(TEST_MODEL, 'unknown-model', ''),
      messages: fc.array(message, { minLength: 1, maxLength: 3 }),
      max_tokens: fc.integer({ min: 1, max: 64 }),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      top_p: fc.double({ min: 0, max: 1, noNaN: true }),
      stop: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 10 })),
      tools: fc.array(fc.record({ type: fc.constant('function'), function: fc.record({ name: fc.string(), parameters: schemaFragment }) }), { maxLength: 2 }),
      tool_choice: fc.oneof(fc.constantFrom('auto', 'none', 'required', 'sometimes'), fc.record({ type: fc.constant('function'), function: fc.record({ name: fc.string() }) })),
    }, ['model', 'messages']),
  },
  {
    name: 'gateway embeddings',
    url: fc.constant('/v1/embeddings'),
    body: shaped({ model: fc.constantFrom(TEST_MODEL, 'unknown-model'), input: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })), encoding_format: fc.constantFrom('float', 'base64') }, ['model', 'input']),
  },
];

const RUNS = 200;

describe('any body is a 2xx or a 4xx with an error object', () => {
  for (const route of routes) {
    it(route.name, async () => {
      await fc.assert(
        fc.asyncProperty(route.url, route.body, async (url, body) => expectHandled(await post(url, body), `POST ${url} ${JSON.stringify(body).slice(0, 200)}`)),
        { numRuns: RUNS },
      );
    });
  }

  it('raw JSON and YAML text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/agents', '/v1/runs', '/v1/sources', '/v1/workflows'), fc.constantFrom('application/json', 'application/yaml'), fc.string({ maxLength: 200 }), async (url, type, text) =>
        expectHandled(await post(url, text, { 'content-type': type }), `POST ${url} (${type}) ${JSON.stringify(text)}`),
      ),
      { numRuns: RUNS },
    );
  });

  it('query strings of the list routes', async () => {
    const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'agent', 'status', 'since', 'action'), fc.oneof(fc.string(), fc.integer().map(String)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/runs', '/v1/audit', '/v1/sources', '/v1/agents'), query, async (path, q) => {
        const url = `${path}?${new URLSearchParams(q)}`;
        expectHandled(await p.api.inject({ method: 'GET', url, headers: p.auth() }), `GET ${url}`);
      }),
      { numRuns: RUNS },
    );
  });
});
