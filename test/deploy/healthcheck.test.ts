// scripts/healthcheck.mjs, the image's HEALTHCHECK, run as Docker runs it (a child process; exit 0
// healthy, anything else unhealthy) against a stand-in /readyz: `api` probes the API's port, `worker`
// the worker's health port from the same variables that configure its listener.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const script = resolve(__dirname, '../../scripts/healthcheck.mjs');

/** The script's exit code, with only `env` (and PATH) in its environment. */
function healthcheck(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (err, _stdout, stderr) => {
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('scripts/healthcheck.mjs', () => {
  let server: Server;
  let port: string;
  let status = 200;
  const paths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(req.url === '/readyz' ? status : 404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = String((server.address() as AddressInfo).port);
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  beforeEach(() => {
    status = 200;
    paths.length = 0;
  });

  it('worker: healthy when the worker health port’s /readyz answers 200, a wildcard host probed on loopback', async () => {
    const env = { KEEL__worker__health__host: '0.0.0.0', KEEL__worker__health__port: port, KEEL_API_PORT: '1' };
    expect((await healthcheck(['worker'], env)).code).toBe(0);
    expect(paths).toEqual(['/readyz']);
  });

  it('worker: unhealthy when /readyz answers 503 (draining, a dependency down)', async () => {
    status = 503;
    expect((await healthcheck(['worker'], { KEEL__worker__health__port: port })).code).toBe(1);
    expect(paths).toEqual(['/readyz']);
  });

  it('worker: unhealthy when nothing listens, or no health port is set', async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const closedPort = String((closed.address() as AddressInfo).port);
    await new Promise<void>((ok) => closed.close(() => ok()));
    expect((await healthcheck(['worker'], { KEEL__worker__health__port: closedPort })).code).toBe(1);
    const unset = await healthcheck(['worker'], { KEEL_API_PORT: port });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/KEEL__worker__health__port/);
    expect((await healthcheck(['worker'], { KEEL__worker__health__port: '0' })).code).toBe(1);
    expect(paths).toEqual([]);
  });

  it('api: probes the API port’s /readyz, not the worker’s', async () => {
    expect((await healthcheck(['api'], { KEEL_API_HOST: '0.0.0.0', KEEL_API_PORT: port, KEEL__worker__health__port: '1' })).code).toBe(0);
    expect(paths).toEqual(['/readyz']);
    status = 503;
    expect((await healthcheck(['api'], { KEEL_API_PORT: port })).code).toBe(1);
  });

  it('refuses an unknown process name', async () => {
    const result = await healthcheck(['wroker'], { KEEL__worker__health__port: port });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/wroker/);
    expect(paths).toEqual([]);
  });
});
