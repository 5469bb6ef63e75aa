// keel chat AGENT: an interactive conversation. Each line you type is a turn; the answer streams
// as the model writes it, tool calls and approvals show as they happen.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { apiClientFromEnv, type ApiClient } from '../client';

interface ChatOptions {
  version?: number;
  conversation?: string;
}

/** Prints one turn's run as it streams; resolves with how the run ended. */
async function streamTurn(client: ApiClient, runId: string, out: Writable): Promise<string> {
  const printed = new Map<number, number>(); // characters of each model step's text already shown
  let status = 'running';
  for await (const e of client.stream(`/v1/runs/${runId}/events`)) {
    const d = e.data;
    switch (e.event) {
      case 'delta': {
        const shown = printed.get(d.step) ?? 0;
        const end = d.offset + d.text.length;
        if (end > shown) out.write(d.text.slice(Math.max(0, shown - d.offset)));
        printed.set(d.step, Math.max(shown, end));
        break;
      }
      case 'step.finished':
        if (d.kind === 'model' && typeof d.text === 'string') {
          // The step's whole text: shows what no delta brought (a resync, a call that did not stream).
          const shown = printed.get(d.step) ?? 0;
          if (d.text.length > shown) out.write(d.text.slice(shown));
          if (d.text.length > 0) out.write('\n');
          printed.set(d.step, d.text.length);
        } else if (d.error) {
          out.write(`  [model failed: ${d.error}]\n`);
        }
        break;
      case 'tool.call':
        out.write(`  [${d.server}/${d.tool} ${JSON.stringify(d.arguments).slice(0, 200)}]\n`);
        break;
      case 'approval.needed':
        out.write(`  [waiting for approval of ${d.server}/${d.tool}: keel runs approve ${runId} --tool-call ${d.toolCallId}]\n`);
        break;
      case 'run.failed':
        status = d.status;
        out.write(`  [${d.status}${d.limit ? ` (${d.limit})` : ''}${d.error ? `: ${d.error.message}` : ''}]\n`);
        break;
      case 'run.finished':
        status = d.status;
        break;
    }
  }
  return status;
}

export async function chat(client: ApiClient, agent: string, opts: ChatOptions, input: Readable, out: Writable): Promise<string> {
  const conversation = opts.conversation
    ? await client.request('GET', `/v1/conversations/${encodeURIComponent(opts.conversation)}`)
    : await client.request('POST', `/v1/agents/${encodeURIComponent(agent)}/conversations`, opts.version ? { version: opts.version } : {});
  out.write(`conversation ${conversation.id} with ${conversation.agentName} v${conversation.agentVersion} — type a message; Ctrl-D ends\n`);
  const lines = createInterface({ input, terminal: false });
  for await (const line of lines) {
    const content = line.trim();
    if (!content) continue;
    const run = await client.request('POST', `/v1/conversations/${conversation.id}/messages`, { content });
    await streamTurn(client, run.id, out);
  }
  out.write(`conversation ${conversation.id} stays open until idle for ${conversation.idleSeconds} s: keel chat ${agent} --conversation ${conversation.id}\n`);
  return conversation.id;
}

export function registerChatCommand(program: Command) {
  program
    .command('chat <agent>')
    .description('talk with an agent: each line is a turn that remembers the earlier ones; answers stream as they are written')
    .option('--version <n>', 'agent version (default: latest)')
    .option('--conversation <id>', 'continue an open conversation')
    .action(async (agent: string, opts: { version?: string; conversation?: string }) => {
      await chat(apiClientFromEnv(), agent, { version: opts.version ? Number(opts.version) : undefined, conversation: opts.conversation }, process.stdin, process.stdout);
    });
}
