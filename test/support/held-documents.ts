// A web server of documents for `urls` sources that can hold a document's response until the test
// releases it, so an ingestion job stays running at a known point (no sleeps). Records each path
// it is asked for; `requested(path)` resolves once that request has arrived.
import { createServer, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export interface HeldDocuments {
  url: string;
  /** Paths asked for, in order. */
  received: string[];
  requested(path: string): Promise<void>;
  release(path: string): void;
  close(): Promise<void>;
}

export async function startHeldDocuments(documents: Record<string, string>, hold: string[] = []): Promise<HeldDocuments> {
  const received: string[] = [];
  const arrivals = new Map<string, () => void>();
  const arrived = new Map<string, Promise<void>>();
  const releases = new Map<string, () => void>();
  const released = new Map<string, Promise<void>>();
  for (const path of Object.keys(documents)) arrived.set(path, new Promise((ok) => arrivals.set(path, ok)));
  for (const path of hold) released.set(path, new Promise((ok) => releases.set(path, ok)));

  const send = (res: ServerResponse, path: string) => {
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
    res.end(documents[path]);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    received.push(path);
    arrivals.get(path)?.();
    if (!(path in documents)) {
      res.writeHead(404).end();
      return;
    }
    const wait = released.get(path);
    if (wait) void wait.then(() => send(res, path));
    else send(res, path);
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    received,
    requested: (path) => arrived.get(path) ?? Promise.reject(new Error(`no document ${path}`)),
    release: (path) => releases.get(path)?.(),
    close: () => {
      for (const release of releases.values()) release();
      return listener.close();
    },
  };
}
