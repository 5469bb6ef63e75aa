// A local directory, globbed with picomatch, confined to the roots the config allows.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';
import { SourceAccessError, type DocumentSource } from './source';

type Matcher = (path: string) => boolean;
const picomatch = createRequire(__filename)('picomatch') as (globs: string | string[], options?: { dot?: boolean }) => Matcher;

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

export async function resolveAllowedDirectory(path: string, allowedRoots: string[]): Promise<string> {
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new SourceAccessError(`directory ${path} does not exist`);
  }
  const roots = await Promise.all(allowedRoots.map((root) => realpath(resolve(root)).catch(() => resolve(root))));
  if (!roots.some((root) => isInside(real, root))) {
    throw new SourceAccessError(`directory ${path} is outside the allowed ingestion roots (ingest.allowedRoots)`);
  }
  if (!(await stat(real)).isDirectory()) throw new SourceAccessError(`${path} is not a directory`);
  return real;
}

export class DirectorySource implements DocumentSource {
  readonly kind = 'directory';
  private readonly include: Matcher;
  private readonly exclude: Matcher;

  constructor(private readonly root: string, include: string[], exclude: string[]) {
    this.include = picomatch(include, { dot: false });
    this.exclude = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  }

  static async open(spec: { path: string; include: string[]; exclude: string[] }, allowedRoots: string[]): Promise<DirectorySource> {
    return new DirectorySource(await resolveAllowedDirectory(spec.path, allowedRoots), spec.include, spec.exclude);
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
    return entries.sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
  }

  async read(entry: SourceEntry): Promise<SourceDocument> {
    const full = resolve(this.root, entry.documentId);
    if (!isInside(full, this.root)) throw new SourceAccessError(`${entry.documentId} escapes the source directory`);
    return { uri: entry.uri, content: await readFile(full), modifiedAt: entry.modifiedAt };
  }
}
