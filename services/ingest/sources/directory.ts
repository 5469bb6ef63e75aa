// A local directory, globbed with picomatch, confined to the roots the config allows and kept away
// from Keel's own files; files over the per-file or per-job size caps are listed but never read.
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';
import { IngestConfigSchema } from '../config';
import { SourceAccessError, type DocumentSource } from './source';

type Matcher = (path: string) => boolean;
const picomatch = createRequire(__filename)('picomatch') as (globs: string | string[], options?: { dot?: boolean }) => Matcher;

export interface DirectoryLimits {
  maxFileBytes: number;
  maxJobBytes: number;
}
const DEFAULT_LIMITS: DirectoryLimits = IngestConfigSchema.parse({}).directory;

/** Keel's files in the working directory, refused whatever else the platform passes. */
const WORKING_DIR_FILES = ['keel.yaml', '.keel'];

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

const realOrResolved = (path: string) => realpath(resolve(path)).catch(() => resolve(path));

/** Resolves symlinks, then checks the directory is under an allowed root and clear of Keel's own files. */
export async function resolveAllowedDirectory(path: string, allowedRoots: readonly string[], protectedPaths: readonly string[] = []): Promise<string> {
  if (allowedRoots.length === 0) {
    throw new SourceAccessError('directory sources are off (ingest.allowedRoots is empty): upload the documents instead (keel ingest PATH)');
  }
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new SourceAccessError(`directory ${path} does not exist`);
  }
  const roots = await Promise.all(allowedRoots.map(realOrResolved));
  if (!roots.some((root) => isInside(real, root))) {
    throw new SourceAccessError(`directory ${path} is outside the allowed ingestion roots (ingest.allowedRoots)`);
  }
  const own = await Promise.all([...WORKING_DIR_FILES, ...protectedPaths].map(realOrResolved));
  if (own.some((p) => isInside(real, p) || isInside(p, real))) {
    throw new SourceAccessError(`directory ${path} holds or lies inside Keel's own files (data dir, keel.yaml): refused`);
  }
  if (!(await stat(real)).isDirectory()) throw new SourceAccessError(`${path} is not a directory`);
  return real;
}

export class DirectorySource implements DocumentSource {
  readonly kind = 'directory';
  private readonly include: Matcher;
  private readonly exclude: Matcher;

  constructor(
    private readonly root: string,
    include: string[],
    exclude: string[],
    private readonly limits: DirectoryLimits = DEFAULT_LIMITS,
  ) {
    this.include = picomatch(include, { dot: false });
    this.exclude = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  }

  static async open(
    spec: { path: string; include: string[]; exclude: string[] },
    policy: DirectoryLimits & { allowedRoots: readonly string[]; protectedPaths?: readonly string[] },
  ): Promise<DirectorySource> {
    return new DirectorySource(await resolveAllowedDirectory(spec.path, policy.allowedRoots, policy.protectedPaths), spec.include, spec.exclude, policy);
  }

  private overFileCap(size: number): string | undefined {
    return size > this.limits.maxFileBytes ? `${size} bytes is over the per-file cap (ingest.directory.maxFileBytes = ${this.limits.maxFileBytes})` : undefined;
  }

  async list(signal?: AbortSignal): Promise<SourceEntry[]> {
    const entries: SourceEntry[] = [];
    const walk = async (dir: string) => {
      signal?.throwIfAborted();
      for (const dirent of await readdir(dir, { withFileTypes: true })) {
        const full = join(dir, dirent.name);
        const rel = relative(this.root, full).split(sep).join('/');
        if (this.exclude(rel) || this.exclude(`${rel}/`)) continue;
        // Symlinks are not followed: they could lead outside the allowed root.
        if (dirent.isDirectory()) await walk(full);
        else if (dirent.isFile() && this.include(rel)) {
          const info = await stat(full);
          entries.push({ documentId: rel, uri: pathToFileURL(full).href, modifiedAt: info.mtime.toISOString(), size: info.size });
        }
      }
    };
    await walk(this.root);
    entries.sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
    // Caps in listing order, so every batch of the job agrees on which files are over them.
    let total = 0;
    for (const entry of entries) {
      const size = entry.size ?? 0;
      const overFileCap = this.overFileCap(size);
      if (overFileCap) entry.refused = overFileCap;
      else if (total + size > this.limits.maxJobBytes) entry.refused = `over the per-job cap (ingest.directory.maxJobBytes = ${this.limits.maxJobBytes})`;
      else total += size;
    }
    return entries;
  }

  async read(entry: SourceEntry): Promise<SourceDocument> {
    if (entry.refused) throw new SourceAccessError(`${entry.documentId} not read: ${entry.refused}`);
    const full = resolve(this.root, entry.documentId);
    // The file may have been swapped for a symlink (or grown) since it was listed.
    const real = await realpath(full);
    if (!isInside(full, this.root) || !isInside(real, this.root)) throw new SourceAccessError(`${entry.documentId} escapes the source directory`);
    const file = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await file.stat();
      const overFileCap = this.overFileCap(size);
      if (overFileCap) throw new SourceAccessError(`${entry.documentId} not read: ${overFileCap}`);
      const content = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const { bytesRead } = await file.read(content, read, size - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return { uri: entry.uri, content: content.subarray(0, read), modifiedAt: entry.modifiedAt };
    } finally {
      await file.close();
    }
  }
}
