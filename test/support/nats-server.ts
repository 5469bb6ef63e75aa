// A real nats-server with JetStream on a free loopback port, its storage in a temporary directory.
// `scripts/install-services.sh` installs the binary (Debian's nats-server); a machine without it
// fails the suite with that instruction rather than skipping the NATS tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePorts } from './ports';

export interface NatsServer {
  url: string;
  port: number;
  /** SIGTERM and wait for exit (storage kept for `start`). */
  stop(): Promise<void>;
  /** Starts again on the same port and storage. */
  start(): Promise<void>;
  /** Stops and removes the storage. */
  close(): Promise<void>;
}

export function natsServerBinary(): string {
  const candidates = [process.env.NATS_SERVER_BIN, 'nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server'].filter(Boolean) as string[];
  for (const c of candidates) if (spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0) return c;
  throw new Error('nats-server is not installed: run scripts/install-services.sh (Debian package nats-server), or set NATS_SERVER_BIN');
}

export async function startNatsServer(): Promise<NatsServer> {
  const bin = natsServerBinary();
  const dir = mkdtempSync(join(tmpdir(), 'keel-nats-'));
  let port = 0;
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
    const deadline = Date.now() + 10_000;
    // Its own "ready" line, not just a connect: another process may hold the port.
    while (!stderr.includes('Server is ready') || !(await accepts(port))) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited (${proc.exitCode}): ${stderr}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await onFreePorts(1, ([p]) => ((port = p), start()), (err) => /address already in use/i.test((err as Error).message));
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
