// The embedded Temporal: the CLI's dev server with a SQLite file, so runs survive a restart. It
// never outlives its parent: a watchdog stops it when the parent dies, and a pid file lets the
// next start find and stop one that was left running anyway (never attaching to it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { removePidFile, stopOrphan, watchParent, writePidFile } from './orphans';

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
  /** Told what the start did beyond the usual (an orphaned server found and stopped). */
  onNotice?: (message: string) => void;
  /** Where the server's pid is kept while it runs (default: next to `dbFile`). */
  pidFile?: string;
  /** Stop the server when this process dies (default true; POSIX only). */
  watchdog?: boolean;
}

/** The dev server exited before it served; `output` is the end of what it printed. */
export class DevServerExitedError extends Error {
  constructor(readonly code: number, readonly output: string) {
    super(`the Temporal dev server exited with code ${code} before serving: ${output.trim().split('\n').slice(-5).join(' | ') || '(no output)'}`);
    this.name = 'DevServerExitedError';
  }

  /** One of its ports (given or picked by the CLI) was taken when it bound it. */
  get portInUse(): boolean {
    return /address already in use/i.test(this.output);
  }
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
  const pidFile = opts.pidFile ?? `${opts.dbFile}.pid`;
  const orphan = await stopOrphan(pidFile, ['start-dev', opts.dbFile]);
  if (orphan) opts.onNotice?.(`stopped an orphaned Temporal dev server (pid ${orphan}) left running by an earlier start`);
  if (await isListening(opts.port)) {
    throw new Error(`port ${opts.port} is already in use: stop what listens there or set temporal.devServer.port (Keel never attaches to a dev server it did not start)`);
  }
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
  let tail = '';
  const lines = (d: Buffer) => {
    tail = (tail + String(d)).slice(-4000);
    String(d).split('\n').filter(Boolean).forEach((l) => opts.onLog?.(l));
  };
  child.stdout!.on('data', lines);
  child.stderr!.on('data', lines);
  const address = `127.0.0.1:${opts.port}`;
  const watchdog = opts.watchdog !== false && child.pid ? watchParent(child.pid) : undefined;
  if (child.pid) await writePidFile(pidFile, child.pid);
  try {
    await waitUntilServing(child, address, opts.namespace, () => tail);
  } catch (err) {
    watchdog?.stop();
    await removePidFile(pidFile);
    throw err;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    stop: async () => {
      await stopChild(child);
      watchdog?.stop();
      await removePidFile(pidFile);
    },
  };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitUntilServing(child: ChildProcess, address: string, namespace: string, output: () => string) {
  let exited: number | null = null;
  // 'close', not 'exit': by then its output has been read, so the error can say why.
  child.once('close', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new DevServerExitedError(exited, output());
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
