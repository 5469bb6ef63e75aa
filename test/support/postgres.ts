// A throwaway PostgreSQL cluster for one test run: initdb into a temporary directory, the server on a
// free loopback port with its unix socket in that directory, trust authentication, no fsync (the
// data dies with the run). PostgreSQL refuses to run as root, so as root the cluster belongs to
// Debian's `postgres` user (the package creates it). `scripts/install-services.sh` installs the
// package; `findPostgresBin` says how when it is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePorts } from './ports';

export const POSTGRES_INSTALL_HINT =
  'PostgreSQL is not installed: run scripts/install-services.sh (Debian packages postgresql), ' +
  'or set KEEL_TEST_POSTGRES_URL to a server the tests may create databases on, ' +
  'or KEEL_TEST_POSTGRES=off to run the store suites on SQLite only';

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database; suites create their own databases on it. */
  url: string;
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: PG_BIN, Debian's newest /usr/lib/postgresql/N/bin, or PATH. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of candidates) if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return onPath ? onPath.slice(0, onPath.lastIndexOf('/')) : null;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(POSTGRES_INSTALL_HINT);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : null;
  // /tmp as root: the `postgres` user must reach the directory, which a private TMPDIR may not allow.
  const dir = mkdtempSync(join(owner ? '/tmp' : tmpdir(), 'keel-postgres-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // runuser keeps our environment minus the user switch; the cluster's files belong to `postgres`.
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = owner ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    return execFileSync(cmd, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const port = await onFreePorts(1, async ([p]) => {
      const options = [`-p ${p}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200'];
      run('pg_ctl', ['-D', data, '-l', log, '-o', options.join(' '), '-w', '-t', '60', 'start']);
      return p;
    }, () => existsSync(log) && /address already in use/i.test(readFileSync(log, 'utf8')));
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    const stderr = (err as { stderr?: string }).stderr ?? '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL from ${bin}: ${(err as Error).message}\n${stderr}\n${serverLog}`);
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`running as root, PostgreSQL needs a non-root owner and the "postgres" user does not exist: ${POSTGRES_INSTALL_HINT}`);
  }
}
