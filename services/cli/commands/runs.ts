// keel run AGENT --input … | runs get ID | runs list | runs resume ID | runs signal ID NAME | approve ID [--budget …] | cancel ID
import type { Command } from 'commander';
import { apiClientFromEnv, type ApiClient } from '../client';
import { formatEvent, printJson } from '../output';

async function follow(client: ApiClient, runId: string): Promise<string> {
  let status = 'running';
  for await (const e of client.stream(`/v1/runs/${runId}/events`)) {
    const line = formatEvent(e.event, e.data);
    if (line) console.log(line);
    if (e.event === 'run.finished' || e.event === 'run.failed') status = e.data.status;
  }
  return status;
}

export function registerRunCommands(program: Command) {
  program
    .command('run <agent>')
    .description('start a run and follow its steps as they happen')
    .requiredOption('-i, --input <text>', 'the input (text, or JSON)')
    .option('--version <n>', 'agent version (default: latest)')
    .option('--batch', 'run at batch priority')
    .option('--no-follow', 'print the run id and return')
    .action(async (agent: string, opts: { input: string; version?: string; batch?: boolean; follow: boolean }) => {
      const client = apiClientFromEnv();
      const run = await client.request('POST', '/v1/runs', {
        agent,
        input: opts.input,
        ...(opts.version ? { version: Number(opts.version) } : {}),
        ...(opts.batch ? { priority: 'batch' } : {}),
      });
      console.log(`run ${run.id}`);
      if (!opts.follow) return;
      const status = await follow(client, run.id);
      if (status !== 'completed') process.exitCode = 1;
    });

  const runs = program.command('runs').description('inspect runs');
  runs
    .command('get <id>')
    .description('status, steps, result and usage of a run')
    .action(async (id: string) => printJson(await apiClientFromEnv().request('GET', `/v1/runs/${encodeURIComponent(id)}`)));
  runs
    .command('list')
    .option('--agent <name>')
    .option('--status <status>', 'only runs in this status, e.g. awaiting_approval, waiting_for_model, running, failed')
    .option('--limit <n>', 'how many', '20')
    .description('recent runs, newest first')
    .action(async (opts: { agent?: string; status?: string; limit: string }) => {
      const q = new URLSearchParams({ limit: opts.limit, ...(opts.agent ? { agent: opts.agent } : {}), ...(opts.status ? { status: opts.status } : {}) });
      const { runs: list } = await apiClientFromEnv().request('GET', `/v1/runs?${q}`);
      for (const r of list) console.log(`${r.id}  ${r.status.padEnd(18)} ${r.agentName} v${r.agentVersion}  ${r.createdAt}`);
    });
  runs
    .command('resume <id>')
    .description("start a new run of a registered workflow's failed run: its steps' recorded results reused, live from the step that failed")
    .option('--version <n>', "run this version of the workflow (default: the failed run's)")
    .option('--batch', 'run the new run at batch priority')
    .option('--follow', 'follow the new run until it ends')
    .action(async (id: string, opts: { version?: string; batch?: boolean; follow?: boolean }) => {
      const client = apiClientFromEnv();
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new Error('--version must be a positive integer');
      const body = { ...(version !== undefined ? { version } : {}), ...(opts.batch ? { priority: 'batch' } : {}) };
      const run = await client.request('POST', `/v1/runs/${encodeURIComponent(id)}/resume`, body);
      console.log(`run ${run.id} resumes ${id} (${run.agentName} v${run.agentVersion}, ${run.versionReason})`);
      if (!opts.follow) return;
      if ((await follow(client, run.id)) !== 'completed') process.exitCode = 1;
    });
  runs
    .command('signal <id> <name>')
    .description('signal a registered workflow\'s run: a wait step waiting for NAME continues')
    .option('--payload <json>', 'what the wait step outputs (JSON)')
    .action(async (id: string, name: string, opts: { payload?: string }) => {
      let payload: unknown;
      if (opts.payload !== undefined) {
        try {
          payload = JSON.parse(opts.payload);
        } catch {
          throw new Error('--payload must be JSON');
        }
      }
      await apiClientFromEnv().request('POST', `/v1/runs/${encodeURIComponent(id)}/signals/${encodeURIComponent(name)}`, payload !== undefined ? { payload } : {});
      console.log(`signalled ${name} to ${id}`);
    });
  runs
    .command('follow <id>')
    .description('follow the events of a run')
    .action(async (id: string) => {
      await follow(apiClientFromEnv(), id);
    });

  program
    .command('approve <id>')
    .description('approve (or --reject) a tool call waiting for approval, or extend (or --end) a budget request with --budget')
    .option('--tool-call <toolCallId>', 'which call (default: the only pending one)')
    .option('--reject', 'reject instead of approve')
    .option('--reason <text>', 'told to the model on rejection; recorded with a budget decision')
    .option('--budget', 'decide the pending budget request: extend it by --steps/--tokens/--cost/--seconds, or --end the run')
    .option('--steps <n>', 'more model calls')
    .option('--tokens <n>', 'more tokens')
    .option('--cost <usd>', 'more spend, in US dollars')
    .option('--seconds <n>', 'more time')
    .option('--end', 'end the run (budget_exceeded) instead of extending it')
    .action(async (id: string, opts: ApproveOptions) => {
      const client = apiClientFromEnv();
      const run = await client.request('GET', `/v1/runs/${encodeURIComponent(id)}`);
      const pending = run.pendingApprovals as Array<{ kind?: string; toolCallId?: string; requestId?: string; limit?: string; runId?: string }>;
      if (opts.budget) {
        const request = pending.find((a) => a.kind === 'budget');
        if (!request) throw new Error('run has no pending budget request');
        const extend = budgetExtension(opts);
        if (!opts.end && Object.keys(extend).length === 0) throw new Error('say how much to extend by (--steps, --tokens, --cost, --seconds) or --end');
        await client.request('POST', `/v1/runs/${encodeURIComponent(id)}/approvals`, {
          kind: 'budget', requestId: request.requestId, decision: opts.end ? 'end' : 'extend',
          ...(opts.end ? {} : { extend }), ...(request.runId ? { runId: request.runId } : {}), ...(opts.reason ? { reason: opts.reason } : {}),
        });
        console.log(opts.end ? `ended ${request.runId ?? id} at ${request.limit}` : `extended ${request.runId ?? id} (${request.limit})`);
        return;
      }
      let toolCallId = opts.toolCall;
      if (!toolCallId) {
        const tools = pending.filter((a) => a.kind !== 'budget');
        if (tools.length !== 1) {
          throw new Error(`run has ${tools.length} pending tool approvals: name one with --tool-call`);
        }
        toolCallId = tools[0]!.toolCallId as string;
      }
      await client.request('POST', `/v1/runs/${encodeURIComponent(id)}/approvals`, {
        toolCallId, decision: opts.reject ? 'reject' : 'approve', ...(opts.reason ? { reason: opts.reason } : {}),
      });
      console.log(`${opts.reject ? 'rejected' : 'approved'} ${toolCallId}`);
    });

  program
    .command('cancel <id>')
    .description('cancel a run')
    .action(async (id: string) => {
      await apiClientFromEnv().request('POST', `/v1/runs/${encodeURIComponent(id)}/cancel`);
      console.log(`cancel requested for ${id}`);
    });
}

interface ApproveOptions {
  toolCall?: string; reject?: boolean; reason?: string;
  budget?: boolean; steps?: string; tokens?: string; cost?: string; seconds?: string; end?: boolean;
}

function budgetExtension(opts: ApproveOptions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [flag, key] of [['steps', 'steps'], ['tokens', 'tokens'], ['cost', 'costUsd'], ['seconds', 'seconds']] as const) {
    const raw = opts[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number`);
    out[key] = n;
  }
  return out;
}
