// A real S3-compatible server for the suites: SeaweedFS's `weed server -s3` (master, volume
// server, filer and S3 gateway in one process) on free loopback ports, its data in a temporary
// directory, telemetry off, and SigV4 checked against the identities given (an admin key by
// default). scripts/install-seaweedfs.sh builds the binary into .tools/bin/weed; a machine without
// it fails the suite with that instruction rather than skipping the S3 tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { onFreePorts } from './ports';

export interface S3Identity {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** SeaweedFS actions; admin by default. */
  actions?: string[];
}

export interface SeaweedS3 {
  endpoint: string;
  region: string;
  /** The first identity's key pair (the admin by default). */
  access: { accessKeyId: string; secretAccessKey: string };
  /** A client signing with the admin key (path-style, like Keel's). */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  putObject(bucket: string, key: string, body: string | Buffer, contentType?: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
}

const root = resolve(__dirname, '../..');
export const ADMIN_IDENTITY: S3Identity = { name: 'admin', accessKeyId: 'KEELTESTADMINKEY0001', secretAccessKey: 'keel/test/admin/secret/0000000000000000000' };

export function weedBinary(): string {
  const candidates = [process.env.WEED_BIN, resolve(root, '.tools/bin/weed'), 'weed'].filter(Boolean) as string[];
  for (const c of candidates) {
    if ((c.includes('/') && !existsSync(c))) continue;
    if (spawnSync(c, ['version'], { stdio: 'ignore' }).status === 0) return c;
  }
  throw new Error("SeaweedFS's weed is not installed: run scripts/install-services.sh (builds it into .tools/bin/weed with Go), or set WEED_BIN");
}

type SeaweedOptions = { buckets?: string[]; identities?: S3Identity[] };

export const startSeaweedS3 = (opts: SeaweedOptions = {}): Promise<SeaweedS3> =>
  onFreePorts(8, (ports) => startOnPorts(opts, ports), (err) => /address already in use/i.test((err as Error).message));

async function startOnPorts(opts: SeaweedOptions, ports: number[]): Promise<SeaweedS3> {
  const bin = weedBinary();
  const identities = opts.identities ?? [ADMIN_IDENTITY];
  const dir = mkdtempSync(join(tmpdir(), 'keel-seaweed-'));
  const s3Config = join(dir, 's3.json');
  writeFileSync(
    s3Config,
    JSON.stringify({
      identities: identities.map((i) => ({
        name: i.name,
        credentials: [{ accessKey: i.accessKeyId, secretKey: i.secretAccessKey }],
        actions: i.actions ?? ['Admin', 'Read', 'List', 'Tagging', 'Write'],
      })),
    }),
  );
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = ports;
  const args = [
    'server', `-dir=${dir}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1',
    `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, '-master.volumeSizeLimitMB=64', '-master.telemetry=false',
    `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`, '-volume.max=16',
    `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`, `-filer.localSocket=${join(dir, 'filer.sock')}`,
    // The Iceberg and Lance catalogs default to fixed ports: off, so parallel servers never collide.
    '-s3', `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`, '-s3.port.iceberg=0', '-s3.port.lance=0', `-s3.config=${s3Config}`, `-s3.localSocket=${join(dir, 's3.sock')}`,
  ];
  // No AWS_* from the caller: the identities above are the only keys the server accepts.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child: ChildProcess = spawn(bin, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-8000)));

  const endpoint = `http://127.0.0.1:${s3}`;
  const admin = identities[0];
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      // SIGKILL: weed takes 10 s or more to honour SIGTERM, and its data is thrown away anyway.
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    // weed puts a unix socket per gRPC port in /tmp, whatever -dir says.
    for (const [role, port] of [['master', masterGrpc], ['volume', volumeGrpc], ['filer', filerGrpc], ['s3', s3Grpc]] as const) {
      rmSync(`/tmp/seaweedfs-${role}-grpc-${port}.sock`, { force: true });
    }
  };

  try {
    await until(async () => (await fetch(`${endpoint}/healthz`).catch(() => undefined))?.ok === true, 60_000, () => child.exitCode !== null, () => `weed's S3 gateway did not come up: ${stderr}`);
    // Writable once the volume server has registered with the master: probe with a real write.
    await client.send(new CreateBucketCommand({ Bucket: 'keel-probe' }));
    await until(
      async () => client.send(new PutObjectCommand({ Bucket: 'keel-probe', Key: 'probe', Body: 'ok' })).then(() => true, () => false),
      60_000,
      () => child.exitCode !== null,
      () => `weed did not accept writes: ${stderr}`,
    );
    await client.send(new DeleteObjectCommand({ Bucket: 'keel-probe', Key: 'probe' }));
    for (const bucket of opts.buckets ?? []) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    endpoint,
    region: 'us-east-1',
    access: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async putObject(bucket, key, body, contentType = 'binary/octet-stream') {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async deleteObject(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close: stop,
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, died: () => boolean, message: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (died() || Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 100));
  }
}
