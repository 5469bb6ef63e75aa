// Stand-in servers listen on 127.0.0.1 and close with their open sockets, so a test never waits
// on a kept-alive connection.
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  url: string;
  /** Destroys open sockets and closes the listener (connections are then refused). */
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback listener that can stop taking connections (refused, like a dead server) and come
 * back on the same port: stand-ins use it for their `refuse` fault.
 */
export interface RefusableListener {
  port: number;
  /** Closes the listener (connections are refused) until `reopen`; closing twice does nothing. */
  close(): Promise<void>;
  reopen(): Promise<void>;
}

export async function refusableListener(createServer: () => Server, port = 0): Promise<RefusableListener> {
  let listener: LoopbackListener | undefined = await listenOnLoopback(createServer(), port);
  const bound = listener.port;
  return {
    port: bound,
    async close() {
      const open = listener;
      listener = undefined;
      await open?.close();
    },
    async reopen() {
      listener ??= await listenOnLoopback(createServer(), bound);
    },
  };
}
