// keel ingest PATH…|URL… --collection NAME [--no-wait]: a one-off ingestion job. Local files are
// uploaded as blobs (claim-check) and ingested as one `blobs` job; URLs become a urls/sitemap job.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { SourceSpec } from '../../ingest/types';
import { apiClientFromEnv, CliError, type ApiClient } from '../client';
import { printJson } from '../output';
import { followJob, formatSummary } from '../progress';

/** What `keel ingest` picks up from a folder (the parsers' formats). */
export const SUPPORTED_EXTENSIONS = new Set(['md', 'markdown', 'txt', 'html', 'htm', 'pdf', 'docx']);
const UPLOAD_CONCURRENCY = 4;
/** The API's limit for one upload job (the list itself goes up as a blob, not in the job input). */
const MAX_UPLOAD_DOCUMENTS = 100_000;

export interface LocalFile {
  /** Stable across runs: the path relative to the folder given (a file given by itself: its name). */
  documentId: string;
  path: string;
  uri: string;
  modifiedAt: string;
}

export const isUrl = (target: string) => /^https?:\/\//i.test(target);
const looksLikeSitemap = (url: string) => /sitemap[^/]*\.xml(\.gz)?$/i.test(new URL(url).pathname);

/** URLs (or one sitemap URL, by name or with `sitemap: true`) or one s3://bucket/prefix as a source spec. */
export interface S3Flags {
  region?: string;
  endpoint?: string;
  /** Names of the tenant's secrets (keel secrets set NAME) with the bucket's credentials. */
  accessKeyIdSecret?: string;
  secretAccessKeySecret?: string;
}

export function remoteSourceSpec(targets: string[], options: { sitemap?: boolean } & S3Flags = {}): SourceSpec {
  const s3 = targets.filter((t) => t.startsWith('s3://'));
  if (s3.length > 0) {
    if (targets.length !== 1) throw new CliError('give one s3://bucket/prefix at a time');
    const [, bucket, prefix = ''] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3[0]) ?? [];
    if (!bucket) throw new CliError(`not an s3://bucket/prefix: ${s3[0]}`);
    const { region, endpoint, accessKeyIdSecret, secretAccessKeySecret } = options;
    return { kind: 's3', bucket, prefix, ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}), ...(accessKeyIdSecret ? { accessKeyIdSecret } : {}), ...(secretAccessKeySecret ? { secretAccessKeySecret } : {}) };
  }
  const notUrls = targets.filter((t) => !isUrl(t));
  if (notUrls.length > 0) throw new CliError(`mix of URLs and other targets (${notUrls.join(', ')}): give either local paths or http(s) URLs`);
  if (options.sitemap || (targets.length === 1 && looksLikeSitemap(targets[0]))) {
    if (targets.length !== 1) throw new CliError('give one sitemap URL at a time');
    return { kind: 'sitemap', url: targets[0] };
  }
  return { kind: 'urls', urls: targets };
}

const skipped = (name: string) => name.startsWith('.') || name === 'node_modules';
const supported = (name: string) => SUPPORTED_EXTENSIONS.has(/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '');

async function walk(dir: string, root: string, found: LocalFile[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (skipped(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, root, found);
    else if (entry.isFile() && supported(entry.name)) found.push(await localFile(full, relative(root, full).split(sep).join('/')));
  }
}

async function localFile(path: string, documentId: string): Promise<LocalFile> {
  const info = await stat(path);
  return { documentId, path, uri: pathToFileURL(path).href, modifiedAt: info.mtime.toISOString() };
}

/** Supported files under each path (folders recursively, hidden entries and node_modules skipped). */
export async function listLocalFiles(paths: string[]): Promise<LocalFile[]> {
  const found: LocalFile[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => {
      throw new CliError(`${given}: no such file or directory`);
    });
    if (info.isDirectory()) await walk(path, path, found);
    else if (supported(path)) found.push(await localFile(path, basename(path)));
    else throw new CliError(`${given}: not a supported document (${[...SUPPORTED_EXTENSIONS].join(', ')})`);
  }
  const ids = new Set<string>();
  for (const file of found) {
    if (ids.has(file.documentId)) throw new CliError(`two files would both be document "${file.documentId}"; ingest them separately`);
    ids.add(file.documentId);
  }
  return found;
}

/** Uploads each file (a few at a time), then their list (claim-check: it never rides in the job
 * input), and returns the blob source; `root` names the upload so a re-upload deletes only its own. */
export async function uploadFiles(client: ApiClient, files: LocalFile[], onUploaded?: (done: number) => void, root?: string): Promise<SourceSpec> {
  const documents: Array<{ documentId: string; blobRef: string; uri: string; modifiedAt: string }> = new Array(files.length);
  let next = 0;
  let done = 0;
  const uploader = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i];
      const bytes = await readFile(file.path);
      if (bytes.length === 0) throw new CliError(`${file.path} is empty`);
      const { blobRef } = await client.request<{ blobRef: string }>('PUT', '/v1/ingest/blobs', bytes, { 'content-type': 'application/octet-stream' });
      documents[i] = { documentId: file.documentId, blobRef, uri: file.uri, modifiedAt: file.modifiedAt };
      onUploaded?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, uploader));
  const listing = Buffer.from(JSON.stringify(documents));
  const { blobRef: listingRef } = await client.request<{ blobRef: string }>('PUT', '/v1/ingest/blobs', listing, { 'content-type': 'application/octet-stream' });
  return { kind: 'blobs', listingRef, ...(root ? { root } : {}) };
}

export interface ChunkingFlags {
  maxTokens?: string;
  overlapTokens?: string;
}

export function chunkingOption(flags: ChunkingFlags) {
  const chunking = {
    ...(flags.maxTokens ? { maxTokens: Number(flags.maxTokens) } : {}),
    ...(flags.overlapTokens ? { overlapTokens: Number(flags.overlapTokens) } : {}),
  };
  return Object.keys(chunking).length > 0 ? { chunking } : {};
}

interface IngestFlags extends ChunkingFlags, S3Flags {
  collection: string;
  wait: boolean;
  inPlace?: boolean;
  sitemap?: boolean;
  batchSize?: string;
  interval: string;
}

async function followToEnd(client: ApiClient, jobId: string, intervalMs: number) {
  const detach = () => {
    process.stderr.write(`\nthe job goes on; follow it again with \`keel jobs follow ${jobId}\`\n`);
    process.exit(130);
  };
  process.once('SIGINT', detach);
  const job = await followJob(client, jobId, { intervalMs });
  process.off('SIGINT', detach);
  console.log(formatSummary(job));
  if (job.status !== 'COMPLETED') process.exitCode = 1;
}

export function registerIngestCommands(program: Command) {
  program
    .command('ingest <targets...>')
    .description('ingest files or folders (uploaded), http(s) URLs, a sitemap URL or s3://bucket/prefix into a collection, following the job')
    .requiredOption('-c, --collection <name>', 'the collection to ingest into (documents this same path/URL/bucket listed before and lists no more are removed)')
    .option('--wait', 'follow the job with progress until it ends', true)
    .option('--no-wait', 'print the job id and return')
    .option('--in-place', 'no upload: the API reads the folder itself (it must lie under its ingest.allowedRoots)')
    .option('--sitemap', 'treat the URL as a sitemap (automatic for …sitemap….xml)')
    .option('--region <region>', 's3: the bucket region')
    .option('--endpoint <url>', 's3: an S3-compatible endpoint (MinIO)')
    .option('--access-key-id-secret <name>', 's3: your secret holding the access key id (keel secrets set NAME)')
    .option('--secret-access-key-secret <name>', 's3: your secret holding the secret access key')
    .option('--max-tokens <n>', 'chunk size in tokens (a new collection keeps it)')
    .option('--overlap-tokens <n>', 'overlap between chunks in tokens')
    .option('--batch-size <n>', 'documents per batch activity')
    .option('--interval <ms>', 'how often to poll the job', '500')
    .action(async (targets: string[], flags: IngestFlags) => {
      const client = apiClientFromEnv();
      let source: SourceSpec;
      if (flags.inPlace) {
        if (targets.length !== 1 || isUrl(targets[0])) throw new CliError('--in-place takes one folder');
        source = { kind: 'directory', path: resolve(targets[0]) };
      } else if (targets.every((t) => !isUrl(t) && !t.startsWith('s3://'))) {
        const files = await listLocalFiles(targets);
        if (files.length === 0) throw new CliError(`no supported documents under ${targets.join(', ')}`);
        if (files.length > MAX_UPLOAD_DOCUMENTS) {
          throw new CliError(`${files.length} files are too many for one upload job (max ${MAX_UPLOAD_DOCUMENTS}); let the API read the folder with --in-place (it must lie under ingest.allowedRoots)`);
        }
        const tty = process.stderr.isTTY === true;
        const root = targets.map((t) => resolve(t)).sort().join('\n');
        source = await uploadFiles(client, files, (done) => {
          if (tty) process.stderr.write(`\r\x1b[2Kuploading ${done}/${files.length}${done === files.length ? '\n' : ''}`);
        }, root.length <= 4096 ? root : undefined);
        if (!tty) process.stderr.write(`uploaded ${files.length} file(s)\n`);
      } else {
        source = remoteSourceSpec(targets, flags);
      }
      const { jobId } = await client.request<{ jobId: string }>('POST', '/v1/ingest/jobs', {
        collection: flags.collection,
        source,
        ...chunkingOption(flags),
        ...(flags.batchSize ? { batchSize: Number(flags.batchSize) } : {}),
      });
      console.log(`job ${jobId}`);
      if (!flags.wait) return void process.stderr.write(`follow it with \`keel jobs follow ${jobId}\`\n`);
      await followToEnd(client, jobId, Number(flags.interval));
    });

  const jobs = program.command('jobs').description('ingestion jobs (as started by `keel ingest` or a source schedule)');
  jobs
    .command('get <jobId>')
    .description("a job's status, counts and failures")
    .action(async (jobId: string) => printJson(await apiClientFromEnv().request('GET', `/v1/ingest/jobs/${encodeURIComponent(jobId)}`)));
  jobs
    .command('follow <jobId>')
    .description('follow a job with progress until it ends (exit code 1 if it failed)')
    .option('--interval <ms>', 'how often to poll the job', '500')
    .action(async (jobId: string, flags: { interval: string }) => followToEnd(apiClientFromEnv(), jobId, Number(flags.interval)));
}
