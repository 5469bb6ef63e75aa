// Runs scripts/compose-config (compose-go, the library `docker compose` is built on) on a compose
// file: load, interpolate, validate against the Compose schema, check consistency, normalise, all
// without a Docker engine. Needs Go (scripts/install-services.sh builds the helper once, so the
// build here is a cache hit).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const binary = resolve(root, '.keel/test/compose-config');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | null;
  profiles?: string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
  /** A Go duration, e.g. `45s`, `1m30s` (see goDurationSeconds). */
  stop_grace_period?: string;
  expose?: string[];
  ports?: Array<{ target: number; published?: string }>;
}

export interface ComposeProject {
  services: Record<string, ComposeService>;
}

let built = false;
function build() {
  if (built) return;
  mkdirSync(resolve(root, '.keel/test'), { recursive: true });
  try {
    // The official Go tarball's place too, when it is not on PATH.
    const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/go/bin` };
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: resolve(root, 'scripts/compose-config'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    throw new Error(e.code === 'ENOENT' ? 'Go is not installed: the compose validation builds scripts/compose-config with it (see README set-up)' : `building scripts/compose-config failed: ${e.stderr}`);
  }
  built = true;
}

/** The normalised project, or `{ error }` with the loader's message when the file is refused. */
export function composeConfig(file: string, opts: { envFile?: string; profiles?: string[] } = {}): { project: ComposeProject } | { error: string } {
  build();
  const args = ['-f', file, ...(opts.envFile ? ['--env-file', opts.envFile] : []), ...(opts.profiles ?? []).flatMap((p) => ['--profile', p])];
  // No inherited variables: the result must not depend on who runs the test.
  const result = spawnSync(binary, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  if (result.status === 0) return { project: JSON.parse(result.stdout) as ComposeProject };
  return { error: (result.stderr || result.stdout || String(result.error)).trim() };
}

/** Seconds in a Go duration as compose-go prints it (`45s`, `1m30s`, `1.5s`, `500ms`). */
export function goDurationSeconds(text: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Go duration: ${text}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
}
