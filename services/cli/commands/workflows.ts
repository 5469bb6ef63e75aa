// keel workflows validate FILE (offline) | register FILE | list | get NAME | schedules NAME, and the version verbs
// (versions.ts): versions, diff, promote, rollback, canary, pin.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatValidationError, summarizeDefinition, validateDefinitionText, type ReportedValidationError } from '../../workflows';
import { apiClientFromEnv, CliError } from '../client';
import { printJson } from '../output';
import { describeLabels, registerVersionCommands } from './versions';

function readDefinition(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Every error on stderr as `path (line:col): step "id": message`, then the count; exit code 1. */
function reportErrors(file: string, errors: Array<Parameters<typeof formatValidationError>[0]>) {
  for (const error of errors) process.stderr.write(`${formatValidationError(error)}\n`);
  process.stderr.write(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}\n`);
  process.exitCode = 1;
}

interface ScheduleLine {
  id: string; index: number; cron: string; timezone: string; overlap: string; catchupWindow: string; paused: boolean;
  nextRuns: string[]; recentRuns: Array<{ runId: string; scheduledAt: string }>; running: string[];
}

const fromReported = (e: ReportedValidationError) => ({ path: e.path, message: e.message, stepId: e.step, line: e.line, column: e.column });

export function registerWorkflowCommands(program: Command) {
  const workflows = program.command('workflows').description('register, validate and inspect workflow definitions');

  workflows
    .command('validate <file>')
    .description('check a workflow definition (YAML or JSON) offline: every error with its path, step and line:column')
    .action((file: string) => {
      const result = validateDefinitionText(readDefinition(file));
      if (result.ok) return console.log(summarizeDefinition(result.definition));
      reportErrors(file, result.errors);
    });

  workflows
    .command('register <file>')
    .description('register a workflow definition (YAML or JSON) after the offline and tenant checks; a changed definition becomes a new version, which runs get once promoted (the first version is stable at once)')
    .option('--stable', 'make the registered version stable at once')
    .option('--canary <percent>', 'make the registered version the canary with this share of new runs (0–100)')
    .action(async (file: string, opts: { stable?: boolean; canary?: string }) => {
      const body = readDefinition(file);
      const type = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
      const query = opts.stable ? '?stable=true' : opts.canary !== undefined ? `?canary=${encodeURIComponent(opts.canary)}` : '';
      let res;
      try {
        res = await apiClientFromEnv().request('POST', `/v1/workflows${query}`, body, { 'content-type': type });
      } catch (err) {
        const details = err instanceof CliError && err.api?.code === 'invalid_workflow' ? (err.api.details as { errors?: ReportedValidationError[] }) : undefined;
        if (!details?.errors) throw err;
        return reportErrors(file, details.errors.map(fromReported));
      }
      console.log(`${res.workflow.name} version ${res.workflow.version}${res.created ? ' registered' : ' (unchanged)'}`);
      console.log(describeLabels(res.workflow.name, res.labels));
    });

  workflows
    .command('list')
    .description('list workflows with the versions their runs get')
    .action(async () => {
      const { workflows: list } = await apiClientFromEnv().request('GET', '/v1/workflows');
      if (list.length === 0) return console.log('no workflows registered');
      for (const w of list) console.log(`${w.name.padEnd(32)} v${w.latestVersion}  ${describeLabels(w.name, w.labels).slice(w.name.length + 2)}`);
    });

  workflows
    .command('get <name>')
    .option('--version <n>', 'a specific version (default: the latest)')
    .description('show a workflow definition')
    .action(async (name: string, opts: { version?: string }) => {
      const query = opts.version ? `?version=${encodeURIComponent(opts.version)}` : '';
      printJson(await apiClientFromEnv().request('GET', `/v1/workflows/${encodeURIComponent(name)}${query}`));
    });

  workflows
    .command('schedules <name>')
    .option('--json', 'the API answer as JSON')
    .description("a workflow's schedules as Temporal runs them: next run times, paused, latest runs")
    .action(async (name: string, opts: { json?: boolean }) => {
      const res = await apiClientFromEnv().request('GET', `/v1/workflows/${encodeURIComponent(name)}/schedules`);
      if (opts.json) return printJson(res);
      if (res.schedules.length === 0) return console.log(`${res.name}: no schedules (version ${res.version})`);
      console.log(`${res.name}: ${res.schedules.length} schedule${res.schedules.length === 1 ? '' : 's'} (version ${res.version})`);
      for (const s of res.schedules as ScheduleLine[]) {
        console.log(`  [${s.index}] ${s.cron} (${s.timezone})${s.paused ? ' paused' : ''}  overlap ${s.overlap}  catch-up ${s.catchupWindow}  id ${s.id}`);
        console.log(`      next: ${s.nextRuns.slice(0, 3).join(', ') || '-'}`);
        const last = s.recentRuns.at(-1);
        console.log(`      last: ${last ? `${last.runId} at ${last.scheduledAt}` : '-'}${s.running.length ? `  running: ${s.running.join(', ')}` : ''}`);
      }
    });

  registerVersionCommands(workflows, 'workflows', 'workflow');
}
