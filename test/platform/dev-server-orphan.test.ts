// The embedded Temporal dev server never outlives `keel start`: a SIGKILLed parent's server is
// stopped by its watchdog, and one left running anyway (watchdog off here) is found through the
// pid file and stopped by the next start, which says so; it never attaches to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startDevServer } from '../../services/temporal';
import { eventually } from '../support/platform';
import { freePort } from '../support/ports';

const root = resolve(__dirname, '../..');
const leftovers: number[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the dev server in a child process; resolves with the child and the server's pid once it serves. */
async function startInChild(env: Record<string, string>): Promise<{ child: ChildProcess; serverPid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/dev-server-child.ts')], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const serverPid = await new Promise<number>((ok, fail) => {
    child.on('exit', (code) => fail(new Error(`child exited with ${code}: ${out}`)));
    const timer = setInterval(() => {
      const m = /serving (\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        ok(Number(m[1]));
      }
    }, 100);
  });
  leftovers.push(serverPid);
  return { child, serverPid };
}

const sigkill = (child: ChildProcess) => new Promise<void>((ok) => {
  child.once('exit', () => ok());
  child.kill('SIGKILL');
});

afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

it('finds the server a SIGKILLed start left running, stops it and says so, then starts its own', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-orphan-'));
  const dbFile = join(dir, 'temporal.db');
  const port = await freePort();
  const uiPort = await freePort();
  const { child, serverPid } = await startInChild({ DEV_DB: dbFile, DEV_PORT: String(port), DEV_UI_PORT: String(uiPort), DEV_WATCHDOG: '0' });
  await sigkill(child);
  expect(alive(serverPid)).toBe(true); // the orphan the issue found

  const notices: string[] = [];
  const server = await startDevServer({ dbFile, port, uiPort, namespace: 'default', onNotice: (m) => notices.push(m) });
  try {
    expect(notices).toEqual([`stopped an orphaned Temporal dev server (pid ${serverPid}) left running by an earlier start`]);
    expect(alive(serverPid)).toBe(false);
    const ownPid = Number(readFileSync(`${dbFile}.pid`, 'utf8'));
    expect(ownPid).not.toBe(serverPid);
    leftovers.push(ownPid);
  } finally {
    await server.stop();
  }
  expect(existsSync(`${dbFile}.pid`)).toBe(false);
}, 120_000);

it('stops the server when its parent is SIGKILLed (watchdog)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-orphan-'));
  const { child, serverPid } = await startInChild({ DEV_DB: join(dir, 'temporal.db'), DEV_PORT: String(await freePort()), DEV_UI_PORT: String(await freePort()) });
  await sigkill(child);
  await eventually(async () => !alive(serverPid), 200);
}, 60_000);

it('refuses to start on a port something else already serves, instead of attaching to it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-orphan-'));
  const busy = createServer().listen(0, '127.0.0.1');
  await new Promise((ok) => busy.once('listening', ok));
  const port = (busy.address() as { port: number }).port;
  try {
    await expect(startDevServer({ dbFile: join(dir, 'temporal.db'), port, uiPort: await freePort(), namespace: 'default' })).rejects.toThrow(/already in use/);
  } finally {
    busy.close();
  }
});
