// Claim-check storage: large payloads (document bytes, source listings, agent messages and tool
// results) live here and only their reference travels through workflow history. Local directory
// by default, S3 in production.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface BlobStore {
  /** Content-addressed: the same bytes always give the same reference. */
  put(content: Uint8Array | string): Promise<string>;
  get(ref: string): Promise<Buffer>;
}

const REF = /^blob:sha256:([0-9a-f]{64})$/;

export const isBlobRef = (value: unknown): value is string => typeof value === 'string' && REF.test(value);

function refFor(content: Uint8Array | string): { ref: string; hex: string } {
  const hex = createHash('sha256').update(content).digest('hex');
  return { ref: `blob:sha256:${hex}`, hex };
}

/** The reference `put` returns for these bytes, without storing them. */
export const blobRef = (content: Uint8Array | string): string => refFor(content).ref;

function parseRef(ref: string): string {
  const match = REF.exec(ref);
  if (!match) throw new Error(`not a blob reference: ${ref}`);
  return match[1];
}

export class LocalBlobStore implements BlobStore {
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private pathOf(hex: string): string {
    return join(this.dir, hex.slice(0, 2), hex);
  }

  async put(content: Uint8Array | string): Promise<string> {
    const { ref, hex } = refFor(content);
    const path = this.pathOf(hex);
    await mkdir(dirname(path), { recursive: true });
    // Unique per write: two writers of the same content never share a temporary file.
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, path);
    return ref;
  }

  async get(ref: string): Promise<Buffer> {
    return readFile(this.pathOf(parseRef(ref)));
  }
}

export class S3BlobStore implements BlobStore {
  constructor(private readonly client: S3Client, private readonly bucket: string, private readonly prefix = 'keel-blobs/') {}

  async put(content: Uint8Array | string): Promise<string> {
    const { ref, hex } = refFor(content);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${hex}`, Body: typeof content === 'string' ? Buffer.from(content) : content }));
    return ref;
  }

  async get(ref: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${parseRef(ref)}` }));
    if (!object.Body) throw new Error(`blob ${ref} has no body`);
    return Buffer.from(await object.Body.transformToByteArray());
  }
}
