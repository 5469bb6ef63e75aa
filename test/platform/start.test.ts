// `keel start` as a user runs it: one process tree, printed URLs and key, examples loaded (example
// workflows whose collection is not ingested yet reported, not fatal; registered on the next
// start), SIGINT stops everything, and runs survive a restart (Temporal's SQLite file under the data dir).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { AesGcmPayloadCodec, encryptedDataConverter, loadPayloadKeyRing, PAYLOAD_KEYS_FILE } from '../../services/temporal';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { eventually, TEST_MODEL } from '../support/platform';
import { readSavedCredentials } from '../../services/platform';
import { EmbeddedVectorStore } from '../../services/vector';
import { freePorts } from '../support/ports';

const root = resolve(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'keel-start-'));
let model: VllmStandin;
let ports: { temporal: number; ui: number };

function startKeel(): Promise<{ child: ChildProcess; apiUrl: string; apiKey: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      KEEL_PAYLOAD_KEYS: '',
      KEEL_DATA_DIR: dataDir,
      KEEL_API_PORT: '0',
      KEEL__temporal__devServer__port: String(ports.temporal),
      KEEL__temporal__devServer__uiPort: String(ports.ui),
      KEEL__router__deployments: JSON.stringify([{ id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false }]),
      KEEL__router__models: JSON.stringify({ default: { deployments: ['standin'] } }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((ok, fail) => {
    child.on('exit', (code) => fail(new Error(`keel start exited with ${code}:\n${out}`)));
    const timer = setInterval(() => {
      const api = /Keel API\s+(\S+)/.exec(out);
      const key = /^\s*API key\s+(\S+)/m.exec(out);
      if (api && key) {
        clearInterval(timer);
        ok({ child, apiUrl: api[1], apiKey: key[1], output: () => out });
      }
    }, 100);
  });
}

const json = async (res: Promise<Response>): Promise<any> => (await res).json();

const stop = (child: ChildProcess) =>
  new Promise<number | null>((ok) => {
    child.once('exit', (code) => ok(code));
    child.kill('SIGINT');
  });

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL });
  const [temporal, ui] = await freePorts(2);
  ports = { temporal, ui };
});

afterAll(async () => {
  await model?.close();
});

it('starts everything, loads the examples, stops on SIGINT and keeps runs across a restart', async () => {
  // The examples name the `default` logical model, mapped here to the stand-in.
  const first = await startKeel();
  expect(first.output()).toContain(`Temporal      127.0.0.1:${ports.temporal}`);
  expect(first.output()).toContain(`UI: http://127.0.0.1:${ports.ui}`);
  const auth = { authorization: `Bearer ${first.apiKey}` };
  const agents = await json(fetch(`${first.apiUrl}/v1/agents`, { headers: auth }));
  expect(agents.agents.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['triage', 'web-reader']));

  const started = await json(fetch(`${first.apiUrl}/v1/runs`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ agent: 'web-reader', input: 'hello' }),
  }));
  const done = await eventually(async () => {
    const r = await json(fetch(`${first.apiUrl}/v1/runs/${started.id}`, { headers: auth }));
    return r.status === 'completed' ? r : undefined;
  });
  expect(done.outcome.output).toBe('echo: hello');

  // The example workflows search the `handbook` collection, empty on a fresh start: each is
  // reported with the step and line at fault, and start-up went on.
  for (const file of ['daily-digest.yaml', 'document-review.yaml', 'support-ticket-triage.yaml']) {
    expect(first.output()).toMatch(new RegExp(`example workflow ${file} not registered \\(start continues\\): steps\\[0\\]\\.collection \\(\\d+:\\d+\\): step "\\w+": unknown collection "handbook"`));
  }
  expect((await json(fetch(`${first.apiUrl}/v1/workflows`, { headers: auth }))).workflows).toEqual([]);

  expect(await stop(first.child)).toBe(0);
  // Fill the handbook while Keel is stopped, straight into the embedded vector store under the data dir.
  const vectors = new EmbeddedVectorStore(join(dataDir, 'vector'));
  await vectors.ensureCollection({ name: 'handbook' });
  await vectors.upsert(readSavedCredentials(dataDir)!.tenantId, 'handbook', [{ documentId: 'turbine-safety.md', chunkIndex: 0, contentHash: 'h', text: 'Lock the rotor before climbing.' }]);
  await vectors.close();
  await expect(Connection.connect({ address: `127.0.0.1:${ports.temporal}`, connectTimeout: 1_000 })).rejects.toThrow();

  const second = await startKeel();
  expect(second.apiKey).toBe(first.apiKey);
  // With the collection filled (and keel.yaml's example helpdesk server), every example registers as stable v1.
  for (const name of ['daily-digest', 'document-review', 'support-ticket-triage']) expect(second.output()).toContain(`example workflow ${name} v1 registered`);
  const workflows = await json(fetch(`${second.apiUrl}/v1/workflows`, { headers: auth }));
  expect(workflows.workflows.map((w: { name: string; labels: { stable: number } }) => [w.name, w.labels.stable])).toEqual([['daily-digest', 1], ['document-review', 1], ['support-ticket-triage', 1]]);
  const again = await json(fetch(`${second.apiUrl}/v1/runs/${started.id}`, { headers: auth }));
  expect(again.status).toBe('completed');
  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  // Encrypted by default: the key ring generated into the data dir (0600) reads the run (its memo
  // included), a client without it cannot.
  const keysFile = join(dataDir, PAYLOAD_KEYS_FILE);
  expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  const codec = new AesGcmPayloadCodec(loadPayloadKeyRing({ dataDir, env: {} }));
  const handle = new Client({ connection, dataConverter: encryptedDataConverter(codec) }).workflow.getHandle(started.id);
  // The run's outcome was stored before the stop; its final workflow task may complete only now.
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
  await expect(new Client({ connection }).workflow.getHandle(started.id).result()).rejects.toThrow(/Unknown encoding: binary\/encrypted/);
  expect(await handle.result()).toMatchObject({ status: 'completed', output: 'echo: hello' });
  await connection.close();
  expect(await stop(second.child)).toBe(0);
}, 240_000);
