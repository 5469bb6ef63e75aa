// The embedded Temporal: the CLI's dev server with a SQLite file, so runs survive a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';

/**
 * Dynamic config for the single-shard dev server. Its transfer queue reader is rate-limited to
 * 20 reads/s by default (`history.transferProcessorMaxPollRPS`), which on a busy server delays
 * every workflow task by ~30 ms once the burst is spent; a cluster spreads that over its shards.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, string | number | boolean> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  'history.visibilityProcessorMaxPollRPS': 1000,
  // Activities scheduled on the worker's own queue come back in the workflow task response.
  'system.enableActivityEagerExecution': true,
  // Task queue priorities (interactive 1 … batch 5).
  'matching.useNewMatcher': true,
};

/** `--dynamic-config-value K=V` arguments for `temporal server start-dev`. */
export const devServerArgs = (): string[] =>
  Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${v}`]);

export interface DevServerOptions {
  cliPath?: string;
  dbFile: string;
  port: number;
  uiPort: number;
  namespace: string;
  onLog?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

// `npm run setup` installs the CLI into <project>/.tools/bin: two levels up from this source file,
// three from its compiled copy in dist/services/temporal.
const SETUP_INSTALLED_CLI = resolve(__dirname, __filename.endsWith('.js') ? '../../..' : '../..', '.tools/bin/temporal');

export function findTemporalCli(explicit?: string): string {
  const candidates = [explicit, process.env.TEMPORAL_CLI_PATH, SETUP_INSTALLED_CLI].filter(Boolean) as string[];
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  throw new Error('Temporal CLI not found: run `npm run setup` (installs it into .tools/bin), set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use a running server');
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--db-filename', opts.dbFile,
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--namespace', opts.namespace,
    '--ip', '127.0.0.1',
    '--log-level', 'warn',
    ...devServerArgs(),
  ];
  const child = spawn(findTemporalCli(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = (d: Buffer) => String(d).split('\n').filter(Boolean).forEach((l) => opts.onLog?.(l));
  child.stdout!.on('data', lines);
  child.stderr!.on('data', lines);
  const address = `127.0.0.1:${opts.port}`;
  await waitUntilServing(child, address, opts.namespace);
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(child: ChildProcess, address: string, namespace: string) {
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the Temporal dev server exited with code ${exited} (is port ${address} in use?)`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await conn.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await conn.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`the Temporal dev server did not start serving on ${address} within 60 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
