// A recording pass-through in front of a real S3 server: forwards every request unchanged (the
// Host header too, so the client's SigV4 signature still verifies) and records each one (method,
// path, query, signing key id). For tests that must observe the client's traffic — list pages,
// the signing key, that nothing was sent — while the real server answers.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export interface RecordedS3Request {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The access key id the SigV4 credential names. */
  accessKeyId?: string;
}

export interface RecordingS3Proxy {
  endpoint: string;
  requests: RecordedS3Request[];
  close(): Promise<void>;
}

export async function startRecordingS3Proxy(target: string): Promise<RecordingS3Proxy> {
  const upstream = new URL(target);
  const requests: RecordedS3Request[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      accessKeyId: /Credential=([^/\s]+)\//.exec(req.headers.authorization ?? '')?.[1],
    });
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(out);
  };
  const listener = await listenOnLoopback(createServer(forward));
  return { endpoint: listener.url, requests, close: listener.close };
}
