// A protocol-faithful S3 stand-in for the real @aws-sdk/client-s3 (path-style addressing):
// ListObjectsV2 (prefix, max-keys, continuation tokens), GetObject, HeadObject, PutObject,
// DeleteObject, with S3's XML errors. Requests must carry a SigV4 Authorization header
// (checked for shape, not cryptographically).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: Date;
}

export interface S3StandIn {
  endpoint: string;
  buckets: Map<string, Map<string, StoredObject>>;
  /** Every request, with the access key id its SigV4 credential names. */
  requests: Array<{ method: string; path: string; query: Record<string, string>; accessKeyId?: string }>;
  putObject(bucket: string, key: string, body: string | Buffer, contentType?: string, lastModified?: Date): void;
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const etag = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

function sendError(res: ServerResponse, status: number, code: string, message: string, resource: string) {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(resource)}</Resource><RequestId>standin</RequestId></Error>`);
}

/** Decodes `aws-chunked` bodies (streaming SigV4 / trailing checksums) into the payload. */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const chunked = String(req.headers['content-encoding'] ?? '').includes('aws-chunked') || String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  return chunked ? decodeAwsChunked(raw) : raw;
}

function listObjects(res: ServerResponse, bucketName: string, objects: Map<string, StoredObject>, query: Record<string, string>) {
  const prefix = query.prefix ?? '';
  const maxKeys = Math.min(1000, Number(query['max-keys'] ?? 1000));
  const start = query['continuation-token'] ? Number(Buffer.from(query['continuation-token'], 'base64').toString()) : 0;
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  const page = keys.slice(start, start + maxKeys);
  const truncated = start + maxKeys < keys.length;
  const contents = page
    .map((key) => {
      const o = objects.get(key)!;
      return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(etag(o.body))}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name>` +
      `<Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      (query['continuation-token'] ? `<ContinuationToken>${xmlEscape(query['continuation-token'])}</ContinuationToken>` : '') +
      (truncated ? `<NextContinuationToken>${Buffer.from(String(start + maxKeys)).toString('base64')}</NextContinuationToken>` : '') +
      `${contents}</ListBucketResult>`,
  );
}

export async function startS3StandIn(): Promise<S3StandIn> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const requests: S3StandIn['requests'] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const query = Object.fromEntries(url.searchParams.entries());
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, accessKeyId: /Credential=([^/\s]+)\//.exec(req.headers.authorization ?? '')?.[1] });
    if (!/^AWS4-HMAC-SHA256 Credential=\S+\/\d{8}\/[\w-]+\/s3\/aws4_request, ?SignedHeaders=\S+, ?Signature=[0-9a-f]{64}$/.test(req.headers.authorization ?? '')) {
      return sendError(res, 403, 'AccessDenied', 'missing or malformed SigV4 authorization', url.pathname);
    }
    const bucket = buckets.get(decodeURIComponent(bucketName));
    if (!bucket) return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', url.pathname);
    if (!key) {
      if (req.method === 'GET' && query['list-type'] === '2') return listObjects(res, bucketName, bucket, query);
      return sendError(res, 400, 'InvalidRequest', 'only ListObjectsV2 is supported on buckets', url.pathname);
    }
    if (req.method === 'PUT') {
      const body = await readBody(req);
      bucket.set(key, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), lastModified: new Date() });
      res.writeHead(200, { etag: etag(body) });
      return res.end();
    }
    if (req.method === 'DELETE') {
      bucket.delete(key);
      res.writeHead(204);
      return res.end();
    }
    const object = bucket.get(key);
    if (!object) return sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.', url.pathname);
    res.writeHead(200, {
      'content-type': object.contentType,
      'content-length': object.body.length,
      'last-modified': object.lastModified.toUTCString(),
      etag: etag(object.body),
    });
    res.end(req.method === 'HEAD' ? undefined : object.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => sendError(res, 500, 'InternalError', String(error), req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    buckets,
    requests,
    putObject(bucket, key, body, contentType = 'binary/octet-stream', lastModified = new Date()) {
      if (!buckets.has(bucket)) buckets.set(bucket, new Map());
      buckets.get(bucket)!.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType, lastModified });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
