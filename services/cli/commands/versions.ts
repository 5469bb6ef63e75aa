// keel agents versions|diff|promote|rollback|canary|pin NAME …: the traffic of a versioned
// definition, the same verbs for every kind that has version routes (/v1/<collection>/:name/…).
import type { Command } from 'commander';
import { apiClientFromEnv, CliError } from '../client';

interface Labels {
  stable: number;
  canary: { version: number; percent: number } | null;
  pinned: number | null;
  previousStable: number[];
}

/** `support: stable v2 · canary v3 at 12.5 % · pinned v1 · rollback to v1` */
export function describeLabels(name: string, l: Labels): string {
  return [
    `${name}: stable v${l.stable}`,
    ...(l.canary ? [`canary v${l.canary.version} at ${l.canary.percent} %`] : []),
    ...(l.pinned !== null ? [`pinned v${l.pinned} (every new run)`] : []),
    ...(l.previousStable.length ? [`rollback to v${l.previousStable.at(-1)}`] : []),
  ].join(' · ');
}

const positiveInt = (what: string) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`${what} must be a version number (1, 2, …), got ${JSON.stringify(value)}`);
  return Number(value);
};
const percent = (value: string): number => {
  const n = Number(value);
  if (!/^\d+(\.\d)?$/.test(value) || n > 100) throw new CliError(`percent must be 0–100 with at most one decimal, got ${JSON.stringify(value)}`);
  return n;
};

/** Adds the version verbs under `parent` (`keel agents`), calling /v1/<collection>/:name/…. */
export function registerVersionCommands(parent: Command, collection: string, kind: string) {
  const path = (name: string, verb: string) => `/v1/${collection}/${encodeURIComponent(name)}/${verb}`;
  const change = async (name: string, verb: string, body: unknown) => {
    const { labels } = await apiClientFromEnv().request<{ labels: Labels }>('POST', path(name, verb), body);
    console.log(describeLabels(name, labels));
  };

  parent
    .command('versions <name>')
    .description(`list a ${kind}'s versions and which of them runs get (stable, canary, pinned)`)
    .option('--json', 'print the API response')
    .action(async (name: string, opts: { json?: boolean }) => {
      const res = await apiClientFromEnv().request<{ labels: Labels; versions: Array<{ version: number; digest: string; createdAt: string; labels: string[] }> }>('GET', path(name, 'versions'));
      if (opts.json) return console.log(JSON.stringify(res, null, 2));
      console.log(describeLabels(name, res.labels));
      for (const v of res.versions) console.log(`  v${String(v.version).padEnd(5)} ${v.createdAt}  ${v.digest.slice(0, 12)}  ${v.labels.join(', ')}`.trimEnd());
    });

  parent
    .command('diff <name> <from> <to>')
    .description(`show what changed between two versions of a ${kind} (unified diff of the YAML)`)
    .option('--json', 'print the changed JSON paths with their values before and after')
    .action(async (name: string, from: string, to: string, opts: { json?: boolean }) => {
      const q = `?from=${positiveInt('from')(from)}&to=${positiveInt('to')(to)}`;
      const res = await apiClientFromEnv().request<{ changes: unknown[]; unified: string }>('GET', path(name, 'diff') + q);
      if (opts.json) return console.log(JSON.stringify(res.changes, null, 2));
      process.stdout.write(res.unified || `${name}: v${from} and v${to} are the same definition\n`);
    });

  parent
    .command('promote <name>')
    .description(`make the canary (or --version) the stable version of a ${kind}; clears the canary`)
    .option('--version <n>', 'promote this version instead of the canary', positiveInt('--version'))
    .action((name: string, opts: { version?: number }) => change(name, 'promote', opts.version ? { version: opts.version } : {}));

  parent
    .command('rollback <name>')
    .description(`return a ${kind}'s stable version to the previous stable (or --version); clears the canary`)
    .option('--version <n>', 'roll back to this version', positiveInt('--version'))
    .action((name: string, opts: { version?: number }) => change(name, 'rollback', opts.version ? { version: opts.version } : {}));

  parent
    .command('canary <name> [version] [percent]')
    .description(`send PERCENT of a ${kind}'s new runs (0–100, one decimal) to VERSION, picked by run id; --clear removes the canary`)
    .option('--clear', 'remove the canary')
    .action((name: string, version: string | undefined, pct: string | undefined, opts: { clear?: boolean }) => {
      if (opts.clear) return change(name, 'canary', { version: null });
      if (!version || pct === undefined) throw new CliError('usage: canary NAME VERSION PERCENT (or --clear)');
      return change(name, 'canary', { version: positiveInt('version')(version), percent: percent(pct) });
    });

  parent
    .command('pin <name> [version]')
    .description(`pin every new run of a ${kind} to VERSION (over stable and canary); --clear unpins`)
    .option('--clear', 'unpin')
    .action((name: string, version: string | undefined, opts: { clear?: boolean }) => {
      if (opts.clear) return change(name, 'pin', { version: null });
      if (!version) throw new CliError('usage: pin NAME VERSION (or --clear)');
      return change(name, 'pin', { version: positiveInt('version')(version) });
    });
}
