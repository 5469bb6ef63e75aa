// Keeps the embedded dev server from outliving `keel start`: its pid in a file while it runs (the
// next start stops a server that file names), and a watchdog that stops it when the parent dies.
import { execFile, spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The command line of a running process, or undefined (gone, or no `ps` to ask). */
function commandOf(pid: number): Promise<string | undefined> {
  return new Promise((done) => execFile('ps', ['-p', String(pid), '-o', 'command='], (err, out) => done(err ? undefined : out.trim() || undefined)));
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/**
 * Stops the server a pid file names if it still runs and its command line holds every one of
 * `marks` (so a pid reused by another program is left alone). Returns the pid it stopped.
 */
export async function stopOrphan(pidFile: string, marks: string[]): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return undefined;
  const command = await commandOf(pid);
  if (!command || !marks.every((m) => command.includes(m))) return undefined;
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 10_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
  return pid;
}

export const writePidFile = (pidFile: string, pid: number) => writeFile(pidFile, `${pid}\n`);

export const removePidFile = (pidFile: string) => rm(pidFile, { force: true });

/**
 * Stops `childPid` when this process dies, even by SIGKILL: a tiny detached shell that polls both.
 * POSIX only; elsewhere the pid file is the only guard.
 */
export function watchParent(childPid: number): { stop(): void } {
  if (process.platform === 'win32') return { stop() {} };
  const script = 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; '
    + 'if kill -0 "$2" 2>/dev/null; then kill -TERM "$2"; sleep 10; kill -KILL "$2" 2>/dev/null; fi';
  const watchdog = spawn('/bin/sh', ['-c', script, 'keel-temporal-watchdog', String(process.pid), String(childPid)], { detached: true, stdio: 'ignore' });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  return {
    stop() {
      if (watchdog.exitCode === null && watchdog.pid) {
        try {
          process.kill(watchdog.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}
