// keel doctor reports through the services' own health checks: the router's probe per deployment
// and Langfuse's health plus key check, each against a stand-in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { startLangfuseApiStandin, type LangfuseApiStandin } from '../support/langfuse-api-standin';
import { keelCli } from '../support/keel-cli';

let vllm: VllmStandin;
let langfuse: LangfuseApiStandin;
let dir: string;
const keys = { publicKey: 'pk-doctor', secretKey: 'sk-doctor' };
const keel = keelCli(() => ({ url: 'http://127.0.0.1:9', key: 'unused' }));

beforeAll(async () => {
  vllm = await startVllmStandin({ model: 'm' });
  langfuse = await startLangfuseApiStandin({ ...keys, spans: () => [] });
  const down = await startVllmStandin({ model: 'm' });
  await down.close();
  dir = mkdtempSync(join(tmpdir(), 'keel-doctor-'));
  writeFileSync(join(dir, 'keel.yaml'), toYaml({
    dataDir: join(dir, 'data'),
    temporal: { address: '127.0.0.1:9' },
    router: {
      deployments: [
        { id: 'up', provider: 'openai', model: 'm', endpoint: vllm.url, capacity: 'self-hosted' },
        { id: 'down', provider: 'openai', model: 'm', endpoint: down.url, capacity: 'self-hosted' },
        { id: 'wrong', provider: 'openai', model: 'not-served', endpoint: `${vllm.url}/v1`, capacity: 'self-hosted' },
      ],
      models: { chat: { deployments: ['up', 'down', 'wrong'] } },
    },
  }));
});

afterAll(async () => {
  await vllm?.close();
  await langfuse?.close();
});

it('probes each model deployment and Langfuse with the services’ own checks', async () => {
  const env = { KEEL_CONFIG: join(dir, 'keel.yaml'), LANGFUSE_PUBLIC_KEY: keys.publicKey, LANGFUSE_SECRET_KEY: keys.secretKey, LANGFUSE_BASEURL: langfuse.url };
  const ok = await keel(['doctor'], env);
  // Behaviour change (issue 10): a deployment is healthy only when its server lists the configured model.
  expect(ok.stdout).toMatch(/✔ models\s+up \(self-hosted\) .*: reachable, serves m$/m);
  expect(ok.stdout).toMatch(/! models\s+down \(self-hosted\) .*: unreachable/m);
  expect(ok.stdout).toMatch(/! models\s+wrong \(self-hosted\) .*: reachable, but serves m, not not-served$/m);
  expect(ok.stdout).toMatch(new RegExp(`✔ tracing\\s+Langfuse at ${langfuse.url}: reachable, keys accepted`));
  expect(langfuse.requests.map((r) => r.path)).toEqual(['/api/public/health', '/api/public/projects']);

  const rejected = await keel(['doctor'], { ...env, LANGFUSE_SECRET_KEY: 'wrong' });
  expect(rejected.stdout).toMatch(/! tracing\s+Langfuse at .*: keys rejected/);
}, 120_000);

it('exits quietly when its reader closes the pipe early (`keel doctor | head -0`)', async () => {
  const { spawn } = await import('node:child_process');
  const root = join(__dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), 'doctor'], {
    cwd: root, env: { ...process.env, KEEL_CONFIG: join(dir, 'keel.yaml') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy(); // the reader is gone before the first line
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  expect(stderr).not.toMatch(/EPIPE|Error/);
  expect(code).toBe(0);
}, 60_000);
