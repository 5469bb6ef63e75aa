// The built-in `knowledge` MCP server: agents search their own tenant's collections, never another's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectorySource, runIngestion } from '../../services/ingest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  // Searches the collection named in the question, then answers with what the tool returned.
  model = await startVllmStandin({
    model: TEST_MODEL,
    respond: (body) => {
      const tool = body.messages.find((m) => m.role === 'tool');
      if (tool) return { content: `found: ${tool.content}` };
      return { toolCalls: [{ name: 'knowledge__search', arguments: { collection: 'handbook', query: 'yaw brake nacelle' } }] };
    },
  });
  p = await startPlatform({ modelUrl: model.url });
  const docs = mkdtempSync(join(tmpdir(), 'keel-kn-'));
  writeFileSync(join(docs, 'yaw.md'), '# Yaw\n\nThe yaw brake holds the nacelle into the wind.');
  writeFileSync(join(docs, 'tower.md'), '# Tower\n\nClimb the tower ladder only with a fall arrester.');
  await runIngestion(new DirectorySource(docs, ['**/*'], []), { store: p.runtime.vectors }, { tenantId: p.tenant.id, collection: 'handbook' });
  for (const key of [p.tenant.key, p.otherTenant.key]) {
    await p.api.inject({
      method: 'POST', url: '/v1/agents', headers: p.auth(key),
      payload: { name: 'librarian', instructions: 'Answer from the handbook.', model: TEST_MODEL, tools: [{ server: 'knowledge', tools: ['search', 'fetch'] }] },
    });
  }
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const runAs = async (key: string) => {
  const id = (await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(key), payload: { agent: 'librarian', input: 'How is the nacelle held?' } })).json().id;
  return eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth(key) })).json();
    return ['completed', 'failed'].includes(r.status) ? r : undefined;
  });
};

it("searches the run's own tenant's collection through MCP", async () => {
  const run = await runAs(p.tenant.key);
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toContain('The yaw brake holds the nacelle into the wind.');
  expect(run.steps.find((s: { kind: string }) => s.kind === 'tool')).toMatchObject({ server: 'knowledge', tool: 'search' });
});

it("never shows another tenant's documents", async () => {
  const run = await runAs(p.otherTenant.key);
  expect(run.status).toBe('completed');
  // Another tenant's collection answers exactly as a missing one: nothing of it shows.
  expect(run.outcome.output).toMatch(/collection handbook not found/);
  expect(run.outcome.output).not.toContain('yaw brake');
  expect(run.outcome.output).not.toContain('holds the nacelle into the wind');
});

it('refuses to let a tenant register a server under the built-in name', async () => {
  const res = await p.api.inject({
    method: 'POST', url: '/v1/tools/servers', headers: p.auth(),
    payload: { name: 'knowledge', transport: 'http', url: 'https://tools.example.com/mcp' },
  });
  expect(res.statusCode, res.body).toBe(409);
  expect(res.json().error.message).toMatch(/knowledge/);
});
