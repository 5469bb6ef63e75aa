// A dev server that loses a port says which one and why (its own output), and the suites' starts
// try again on fresh ports when, and only when, a port was taken.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DevServerExitedError, startDevServer } from '../../services/temporal';
import { freePort, freePorts, onFreePorts } from '../support/ports';

it('reports the port a dev server could not bind, from its own output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-devports-'));
  const busy = createServer().listen(0, '127.0.0.1');
  await new Promise((ok) => busy.once('listening', ok));
  const uiPort = (busy.address() as { port: number }).port;
  try {
    const err = await startDevServer({ dbFile: join(dir, 'temporal.db'), port: await freePort(), uiPort, namespace: 'default' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevServerExitedError);
    expect((err as DevServerExitedError).portInUse).toBe(true);
    expect((err as Error).message).toContain(`UI port ${uiPort}`);
  } finally {
    busy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it('starts again on fresh ports only while the failure is a taken port', async () => {
  const seen: number[][] = [];
  const taken = (err: unknown) => /taken/.test((err as Error).message);
  const port = await onFreePorts(2, async (ports) => {
    seen.push(ports);
    if (seen.length < 3) throw new Error('taken');
    return ports[0];
  }, taken);
  expect(seen).toHaveLength(3);
  expect(port).toBe(seen[2][0]);
  for (const ports of seen) expect(new Set(ports).size).toBe(2);

  let calls = 0;
  await expect(onFreePorts(1, async () => { calls++; throw new Error('bad config'); }, taken)).rejects.toThrow('bad config');
  expect(calls).toBe(1);
  calls = 0;
  await expect(onFreePorts(1, async () => { calls++; throw new Error('taken'); }, taken)).rejects.toThrow('taken');
  expect(calls).toBe(3);
  expect((await freePorts(3)).every((p) => p > 0)).toBe(true);
});
