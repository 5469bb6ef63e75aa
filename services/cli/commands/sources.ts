// keel sources add|list|get|pause|resume|trigger|backfill|delete: scheduled sources, each a Temporal
// Schedule (overlap: skip) that runs an ingestion job on its cron.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SourceSpec } from '../../ingest/types';
import { apiClientFromEnv, CliError } from '../client';
import { printJson } from '../output';
import { chunkingOption, isUrl, remoteSourceSpec, type ChunkingFlags } from './ingest';
import type { SourceScheduleInfo } from '../../ingest';

/** What the API returns for a source (the schedule's view, without the job input). */
type SourceInfo = Omit<SourceScheduleInfo, 'job'>;

interface AddFlags extends ChunkingFlags {
  collection: string;
  cron: string;
  timezone?: string;
  paused?: boolean;
  sitemap?: boolean;
  include?: string[];
  exclude?: string[];
  region?: string;
  endpoint?: string;
  accessKeyIdSecret?: string;
  secretAccessKeySecret?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const path = (sourceId: string, action = '') => `/v1/sources/${encodeURIComponent(sourceId)}${action ? `/${action}` : ''}`;

/** A folder on the API's machine (must lie under its ingest.allowedRoots), URLs, a sitemap or s3://. */
export function scheduledSourceSpec(targets: string[], flags: AddFlags): SourceSpec {
  if (targets.some((t) => isUrl(t) || t.startsWith('s3://'))) return remoteSourceSpec(targets, flags);
  if (targets.length !== 1) throw new CliError('a scheduled folder source is one directory');
  return {
    kind: 'directory',
    path: resolve(targets[0]),
    ...(flags.include?.length ? { include: flags.include } : {}),
    ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
  };
}

export function describeSource(s: SourceInfo): string {
  const lines = [`${s.sourceId} → ${s.collection}  cron "${s.cron}"  ${s.paused ? 'paused' : 'active'}${s.note ? ` (${s.note})` : ''}`];
  if (!s.paused && s.nextRuns.length > 0) lines.push(`  next run ${s.nextRuns[0]}`);
  // A run's workflow id is ingest/<tenant>/<job id>; `keel jobs get|follow` take the job id.
  for (const run of s.recentRuns.slice(-5)) lines.push(`  ran ${run.scheduledAt}  job ${run.workflowId.split('/').slice(2).join('/')}`);
  return lines.join('\n');
}

export function registerSourceCommands(program: Command) {
  const sources = program.command('sources').description('scheduled ingestion sources (a cron each; a run still going makes the next one skip)');

  sources
    .command('add <sourceId> <targets...>')
    .description('register a folder, URLs, a sitemap URL or s3://bucket/prefix to ingest into a collection on a cron')
    .requiredOption('-c, --collection <name>', 'the collection it feeds (which mirrors the source)')
    .requiredOption('--cron <expr>', '5-field cron expression, e.g. "0 3 * * *"')
    .option('--timezone <tz>', 'IANA time zone for the cron (default UTC)')
    .option('--paused', 'register it paused')
    .option('--sitemap', 'treat the URL as a sitemap (automatic for …sitemap….xml)')
    .option('--include <glob>', 'folder: files to take (repeatable)', collect)
    .option('--exclude <glob>', 'folder: files to leave out (repeatable)', collect)
    .option('--region <region>', 's3: the bucket region')
    .option('--endpoint <url>', 's3: an S3-compatible endpoint (MinIO)')
    .option('--access-key-id-secret <name>', 's3: your secret holding the access key id (keel secrets set NAME)')
    .option('--secret-access-key-secret <name>', 's3: your secret holding the secret access key')
    .option('--max-tokens <n>', 'chunk size in tokens')
    .option('--overlap-tokens <n>', 'overlap between chunks in tokens')
    .action(async (sourceId: string, targets: string[], flags: AddFlags) => {
      const created = await apiClientFromEnv().request<SourceInfo>('POST', '/v1/sources', {
        sourceId,
        cron: flags.cron,
        ...(flags.timezone ? { timezone: flags.timezone } : {}),
        paused: flags.paused === true,
        job: { collection: flags.collection, source: scheduledSourceSpec(targets, flags), ...chunkingOption(flags) },
      });
      console.log(describeSource(created));
    });

  sources
    .command('list')
    .description("this tenant's scheduled sources")
    .action(async () => {
      const { sources: list } = await apiClientFromEnv().request<{ sources: Array<{ sourceId: string; collection: string; paused: boolean }> }>('GET', '/v1/sources');
      if (list.length === 0) return console.log('no sources registered');
      for (const s of list) console.log(`${s.sourceId.padEnd(24)} ${s.collection.padEnd(20)} ${s.paused ? 'paused' : 'active'}`);
    });

  sources
    .command('get <sourceId>')
    .description('a source: cron, state, next and recent runs, and its job')
    .option('--json', 'print the full record as JSON')
    .action(async (sourceId: string, flags: { json?: boolean }) => {
      const info = await apiClientFromEnv().request<SourceInfo>('GET', path(sourceId));
      if (flags.json) printJson(info);
      else console.log(describeSource(info));
    });

  const actions = {
    pause: ['stop running it on its cron', 'paused'],
    resume: ['run it on its cron again', 'resumed'],
    trigger: ['run it now (skipped if a run is still going)', 'triggered'],
  } as const;
  for (const [action, [description, done]] of Object.entries(actions)) {
    sources
      .command(`${action} <sourceId>`)
      .description(description)
      .action(async (sourceId: string) => {
        const info = await apiClientFromEnv().request<SourceInfo>('POST', path(sourceId, action));
        console.log(`${sourceId} ${done}`);
        console.log(describeSource(info));
      });
  }

  sources
    .command('backfill <sourceId>')
    .description('run it for every cron time in a past window')
    .requiredOption('--start <time>', 'window start (ISO 8601)')
    .requiredOption('--end <time>', 'window end (ISO 8601)')
    .action(async (sourceId: string, flags: { start: string; end: string }) => {
      for (const [name, value] of Object.entries(flags)) {
        if (Number.isNaN(Date.parse(value))) throw new CliError(`--${name} ${value} is not a date`);
      }
      const info = await apiClientFromEnv().request<SourceInfo>('POST', path(sourceId, 'backfill'), { start: flags.start, end: flags.end });
      console.log(`${sourceId} backfill requested for ${flags.start} … ${flags.end}`);
      console.log(describeSource(info));
    });

  sources
    .command('delete <sourceId>')
    .description('delete the schedule (the documents it ingested stay in the collection)')
    .action(async (sourceId: string) => {
      await apiClientFromEnv().request('DELETE', path(sourceId));
      console.log(`${sourceId} deleted`);
    });
}
