// keel replay TRACE_ID|RUN_ID [--from local|langfuse] [--mode exact|model|live] [--model NAME]
// [--agent-version N]: starts a replay, follows it, prints the step-by-step diff.
import type { Command } from 'commander';
import { apiClientFromEnv, CliError, type ApiClient } from '../client';
import { formatEvent, printJson } from '../output';
import type { ReplayDiff, StepDiff, StepSummary } from '../../replay';

const TRACE_ID = /^[0-9a-f]{32}$/;
const MODES = ['exact', 'model', 'live'];
const SOURCES = ['local', 'langfuse'];
const MARK: Record<StepDiff['status'], string> = { same: '=', changed: '~', new: '+', missing: '-' };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function describeStep(s: StepSummary | undefined): string {
  if (!s) return '';
  if (s.kind === 'model') {
    if (s.error) return `model failed: ${s.error}`;
    return s.toolCalls?.length ? `model → ${s.toolCalls.join(', ')}` : `model: ${JSON.stringify(s.text ?? '')}`;
  }
  return `${s.name} ${JSON.stringify(s.arguments ?? {})} ${s.isError ? '✖' : '→'} ${JSON.stringify(s.result ?? '')}`;
}

const tokens = (s: StepSummary | undefined) => (s?.tokens === undefined ? '' : String(s.tokens));
const usd = (n: number) => `$${n.toFixed(6)}`;
const signed = (n: number, fmt: (n: number) => string = String) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `-${fmt(-n)}` : '±0');

/** The diff as the terminal shows it: one line per step, then output, tokens and cost side by side. */
export function formatReplayDiff(diff: ReplayDiff, width = 48): string[] {
  const lines = [`step  status     ${'original'.padEnd(width)}  ${'replay'.padEnd(width)}  tokens`];
  for (const s of diff.steps) {
    const index = String(s.replay?.index ?? s.original?.index ?? '').padEnd(4);
    const left = clip(describeStep(s.original), width).padEnd(width);
    const right = clip(describeStep(s.replay), width).padEnd(width);
    const tok = s.original?.kind === 'tool' || s.replay?.kind === 'tool' ? '' : `${tokens(s.original) || '-'} → ${tokens(s.replay) || '-'}`;
    lines.push(`${index}  ${MARK[s.status]} ${s.status.padEnd(8)} ${left}  ${right}  ${tok}`.trimEnd());
    if (s.changes?.length) lines.push(`${' '.repeat(17)}changed: ${s.changes.join(', ')}`);
  }
  const c = diff.counts;
  lines.push('', `steps: ${c.same} same, ${c.changed} changed, ${c.new} new, ${c.missing} missing`);
  const o = diff.output;
  lines.push(`output: ${o.same ? 'same' : 'different'}`);
  lines.push(`  original (${o.original.status}): ${o.original.output ?? ''}`);
  if (!o.same) lines.push(`  replay   (${o.replay.status}): ${o.replay.output ?? ''}`);
  const { original: u0, replay: u1, delta } = diff.usage;
  lines.push(
    `tokens: ${u0.totalTokens} → ${u1.totalTokens} (${signed(delta.totalTokens)})   ` +
      `cost: ${usd(u0.costUsd)} → ${usd(u1.costUsd)} (${signed(delta.costUsd, usd)})   ` +
      `model calls: ${u0.modelCalls} → ${u1.modelCalls}   tool calls: ${u0.toolCalls} → ${u1.toolCalls}`,
  );
  return lines;
}

async function follow(client: ApiClient, runId: string) {
  for await (const e of client.stream(`/v1/runs/${encodeURIComponent(runId)}/events`)) {
    const line = formatEvent(e.event, e.data);
    if (line && e.event !== 'run.finished') console.log(line);
  }
}

interface ReplayOptions { from: string; mode: string; model?: string; agentVersion?: string; follow: boolean; json?: boolean }

export function registerReplayCommand(program: Command) {
  program
    .command('replay <id>')
    .description('replay a run (by trace id or run id) and print how it differs from the original')
    .option('--from <source>', 'where to read the trace: local | langfuse', 'local')
    .option('--mode <mode>', 'exact (everything from the trace) | model (live model, recorded tools) | live', 'exact')
    .option('--model <name>', 'model/live: a logical model instead of the agent\'s')
    .option('--agent-version <n>', 'model/live: another version of the agent')
    .option('--no-follow', 'print the replay run id and return')
    .option('--json', 'print the replay and its diff as JSON')
    .action(async (id: string, opts: ReplayOptions) => {
      if (!MODES.includes(opts.mode)) throw new CliError(`--mode must be one of ${MODES.join(', ')}`);
      if (!SOURCES.includes(opts.from)) throw new CliError(`--from must be one of ${SOURCES.join(', ')}`);
      const version = opts.agentVersion === undefined ? undefined : Number(opts.agentVersion);
      if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new CliError('--agent-version must be a positive whole number');
      const client = apiClientFromEnv();
      const run = await client.request('POST', '/v1/replays', {
        ...(TRACE_ID.test(id) ? { traceId: id } : { runId: id }),
        mode: opts.mode,
        from: opts.from,
        ...(opts.model ? { model: opts.model } : {}),
        ...(version ? { agentVersion: version } : {}),
      });
      if (!opts.json) console.log(`replay ${run.id} of ${run.replayOf} (${opts.mode})`);
      if (!opts.follow) return;
      if (opts.json) for await (const _ of client.stream(`/v1/runs/${encodeURIComponent(run.id)}/events`)) void _;
      else await follow(client, run.id);
      const result = await client.request('GET', `/v1/replays/${encodeURIComponent(run.id)}`);
      if (opts.json) printJson(result);
      else for (const line of ['', ...formatReplayDiff(result.diff as ReplayDiff)]) console.log(line);
      // An exact replay that differs means the trace did not hold everything the run did.
      if (result.replay.status !== 'completed' || (opts.mode === 'exact' && !result.diff.identical)) process.exitCode = 1;
    });
}
