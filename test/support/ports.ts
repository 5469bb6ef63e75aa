// Loopback ports for throwaway servers. A port found free can be taken by another test process
// before the server binds it (every suite runs in parallel), so starts that bind go through
// `onFreePorts`, which tries again on fresh ports when the bind lost that race.
import { createServer, type Server } from 'node:net';

/** Distinct free loopback ports (held open together, so none is handed out twice). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0];

/**
 * Runs `start` on `count` fresh ports, again (up to `attempts` times in all) while its failure
 * says a port was taken, so a lost race is retried and any other failure is reported at once.
 */
export async function onFreePorts<T>(
  count: number,
  start: (ports: number[]) => Promise<T>,
  portTaken: (err: unknown) => boolean,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePorts(count));
    } catch (err) {
      if (attempt >= attempts || !portTaken(err)) throw err;
    }
  }
}
