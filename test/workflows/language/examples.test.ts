// The example workflows are valid, offline and against what a fresh `keel start` has: keel.yaml's
// models, the example agents, the `handbook` collection the README fills from examples/docs, the
// shipped tool servers and keel.yaml's example `helpdesk` server, which the triage example names.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatValidationError, validateDefinitionText, validateForTenant, type TenantChecks } from '../../../services/workflows';
import { keelCli } from '../../support/keel-cli';

const root = resolve(__dirname, '../../..');
const dir = join(root, 'examples/workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const keelYaml = parse(readFileSync(join(root, 'keel.yaml'), 'utf8')) as { router: { models: Record<string, unknown> } };
const exampleAgents = readdirSync(join(root, 'examples/agents')).map((f) => (parse(readFileSync(join(root, 'examples/agents', f), 'utf8')) as { name: string }).name);

const freshStart: TenantChecks = {
  model: (name) => name in keelYaml.router.models,
  collection: (name) => name === 'handbook',
  agent: (name) => exampleAgents.includes(name),
  workflow: (name) => files.includes(`${name}.yaml`),
  tool: (server, tool) =>
    ({ knowledge: ['search', 'fetch', 'list_collections'], http: ['fetch_url'], helpdesk: ['create_ticket'] })[server]?.includes(tool) ?? false,
};

describe('examples/workflows', () => {
  it('holds the three examples', () => {
    expect(files.sort()).toEqual(['daily-digest.yaml', 'document-review.yaml', 'support-ticket-triage.yaml']);
  });

  for (const file of files) {
    it(`${file} is valid, named after its file, and refers to what exists`, async () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const offline = validateDefinitionText(text);
      expect(offline.errors.map(formatValidationError)).toEqual([]);
      expect(offline.ok && `${offline.definition.name}.yaml`).toBe(file);
      expect((await validateForTenant(text, freshStart)).errors.map(formatValidationError)).toEqual([]);
    });
  }
});

describe('keel workflows validate', () => {
  const keel = keelCli(() => ({ url: 'http://127.0.0.1:9', key: 'unused' })); // offline: an unreachable API must not matter

  it('prints a one-line summary and exits 0 for a valid definition', async () => {
    const r = await keel(['workflows', 'validate', join(dir, 'support-ticket-triage.yaml')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('support-ticket-triage: valid, 5 steps (llm 2, retrieve 1, tool 1, branch 1)\n');
  });

  it('prints every error as path (line:col): message and exits 1', async () => {
    const bad = join(root, 'test/fixtures/workflows/broken.yaml');
    const r = await keel(['workflows', 'validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'steps[1].prompt (10:13): step "classify": invalid template at character 10: "{{" is never closed by "}}"',
      'steps[2].cases[0].when (15:15): step "route": unknown step "clasify"',
      'steps[2].cases[0].steps[0].concurrency (20:26): step "each": Too big: expected number to be <=32',
      `${bad}: 3 errors`,
    ]);
  });

  it('says so when the file cannot be read', async () => {
    const r = await keel(['workflows', 'validate', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/keel: cannot read .*missing\.yaml: ENOENT/);
  });
});
