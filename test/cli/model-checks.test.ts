// keel doctor's model probes run at once (every pool unreachable: one timeout, not one per pool),
// and the keel start banner says which deployments answer and how to get one when none does.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeelConfigSchema } from '../../services/config';
import { checkModels } from '../../services/cli/commands/doctor';
import { modelBannerLines } from '../../services/platform';
import { checkRouterHealth, createRouter, type Deployment } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';

let silent: Server;
let silentPort: number;
const sockets = new Set<Socket>();
let closedPorts: number[];
let vllm: VllmStandin;

/** A port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  // Accepts connections and never answers: the slow way to be unreachable.
  silent = createServer((sock) => sockets.add(sock));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as { port: number }).port;
  closedPorts = await Promise.all([closedPort(), closedPort(), closedPort()]);
  vllm = await startVllmStandin({ model: 'served-model' });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  await vllm.close();
});

const deployment = (id: string, endpoint: string, model = 'm') => ({ id, provider: 'openai' as const, model, endpoint, capacity: 'self-hosted' as const, scrapeMetrics: false });

describe('keel doctor model probes', () => {
  it('answers within 3 s when every pool is unreachable, all probed at once', async () => {
    const deployments = [
      ...Array.from({ length: 4 }, (_, i) => deployment(`hang-${i}`, `http://127.0.0.1:${silentPort}`)),
      ...closedPorts.map((p, i) => deployment(`closed-${i}`, `http://127.0.0.1:${p}`)),
    ];
    const config = KeelConfigSchema.parse({ router: { deployments, models: { chat: { deployments: deployments.map((d) => d.id) } } } });
    const started = Date.now();
    const checks = await checkModels({ config, baseDir: '.' } as never);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(3_000);
    expect(checks.filter((c) => /unreachable/.test(c.detail))).toHaveLength(deployments.length);
    expect(checks.find((c) => c.detail.startsWith('hang-0'))!.detail).toMatch(/no answer in time/);
  });
});

describe('keel start banner', () => {
  it('lists what answers and, when nothing does, how to get a model', async () => {
    const deployments: Deployment[] = KeelConfigSchema.parse({
      router: {
        deployments: [
          deployment('vllm-local', `http://127.0.0.1:${closedPorts[0]}`),
          { id: 'bedrock-haiku', provider: 'bedrock', model: 'anthropic.claude-3-5-haiku-20241022-v1:0', capacity: 'on-demand' },
          deployment('ollama', 'http://127.0.0.1:11434/v1', 'qwen2.5:7b'),
        ],
        models: { default: { deployments: ['vllm-local', 'bedrock-haiku', 'ollama'] } },
      },
    }).router.deployments;
    const checks = [
      { deployment: 'vllm-local', reachable: false, detail: 'connect ECONNREFUSED' },
      { deployment: 'ollama', reachable: false, detail: 'connect ECONNREFUSED' },
    ] as never;
    const none = modelBannerLines(deployments, checks).join('\n');
    expect(none).toMatch(/✖ vllm-local .*unreachable/);
    expect(none).toMatch(/No model deployment answers/);
    expect(none).toMatch(/ollama pull qwen2\.5:7b.*http:\/\/127\.0\.0\.1:11434\/v1/);
    expect(none).toMatch(/vLLM: set the endpoint/);
    expect(none).toMatch(/Bedrock: AWS credentials/);

    const router = createRouter({ deployments: [deployment('v', vllm.url, 'served-model')], models: { chat: { deployments: ['v'] } } });
    try {
      const live = await checkRouterHealth(router, 2_000);
      const one = modelBannerLines(router.health!().map((h) => ({ ...deployment('v', vllm.url, 'served-model') })) as Deployment[], live).join('\n');
      expect(one).toMatch(/✔ v .*answers, serves served-model/);
      expect(one).not.toMatch(/No model deployment answers/);
    } finally {
      await router.close();
    }
  });
});
