// CPU used by other processes on the box while bench/router.ts measures (Linux /proc).
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** CPU ticks (user + system) of every process on the box, by pid (Linux /proc; empty elsewhere). */
export function processTicks(): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), Number(f[11]) + Number(f[12]));
    } catch {
      /* exited */
    }
  }
  return out;
}

/**
 * CPU used by processes other than this benchmark and its children between two snapshots, in
 * cores: other work on the shared box competes with the streams and is worth knowing about.
 */
export function otherCpuCores(before: Map<number, number>, after: Map<number, number>, ours: Set<number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, t] of after) if (!ours.has(pid)) ticks += t - (before.get(pid) ?? 0);
  return ticks / CLK_TCK / seconds;
}

/** CPU ticks (user + system) one process has used so far (Linux /proc; 0 once it has exited). */
export function pidCpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU ticks so far, over every core (Linux /proc/stat). */
export function machineCpuTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - n[4], total }; // idle and iowait are not busy
}

export const TICKS_PER_SECOND = CLK_TCK;
