// The vLLM stand-in (scripted answers, test/support/scripted-model.ts) as its own OS process, for
// tests that run Keel as separate processes (test/support/cluster.ts). Beside the model it serves a
// control port: `POST /faults` (the stand-in's Faults as JSON: slow answers, errors…) and
// `GET /requests` (how many chat requests arrived, and the first user message of each).
//   npx tsx test/support/model-server-process.ts --model M   → prints {"url":…,"control":…} on one line
import http from 'node:http';
import { startVllmStandin } from './vllm-standin';
import { scriptedModel } from './scripted-model';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const model = await startVllmStandin({ model: arg('--model'), respond: scriptedModel });
  const control = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      try {
        if (req.method === 'POST' && req.url === '/faults') {
          await model.setFaults(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
          return send(200, { ok: true });
        }
        if (req.method === 'GET' && req.url === '/requests') {
          const firstUser = model.requests.map((b) => String(b.messages.find((m) => m.role === 'user')?.content ?? ''));
          return send(200, { count: model.requests.length, firstUser, ...model.stats() });
        }
        send(404, { error: 'no such control route' });
      } catch (err) {
        send(400, { error: String(err) });
      }
    });
  });
  await new Promise<void>((ok) => control.listen(0, '127.0.0.1', ok));
  const { port } = control.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: model.url, control: `http://127.0.0.1:${port}` })}\n`);
  const shut = () => void model.close().then(() => process.exit(0));
  process.on('SIGTERM', shut);
  process.on('SIGINT', shut);
}

main().catch((err) => {
  process.stderr.write(`model stand-in failed: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
