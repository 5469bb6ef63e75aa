// RegisteredWorkflow end to end, the runs that reach beyond one workflow: child agent and workflow
// runs, the SSE event stream with an llm step's token deltas, and values too large for history.
// Real Temporal dev server, the test MCP server as a process, the vLLM stand-in, the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { llmStep as llm, registerWorkflow, runEnded, startWorkflowRun, stepsOf, toolStep as tool } from '../support/workflow-runs';
import { measureHistory } from '../support/history-payloads';
import type { WorkflowDefinitionInput } from '../../services/workflows';

let model: VllmStandin;
let p: TestPlatform;

const register = (def: WorkflowDefinitionInput) => registerWorkflow(p, def);
const start = (name: string) => startWorkflowRun(p, name);
const ended = (id: string) => runEnded(p, id);

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, workflows: true, config: { mcpServers: { tools: testMcpServer() } } });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('RegisteredWorkflow, beyond one workflow', () => {
  it('runs an agent and another workflow as child runs linked to the run', async () => {
    const agent = await p.api.inject({
      method: 'POST', url: '/v1/agents', headers: p.auth(),
      payload: { name: 'helper', instructions: 'You help.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] },
    });
    expect(agent.statusCode, agent.body).toBeLessThan(300);
    await register({ name: 'doubler', inputs: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } }, steps: [{ id: 'd', kind: 'set', values: { y: 'inputs.x * 2.0' } }], outputs: { y: 'vars.y' } });
    await register({
      name: 'parent',
      steps: [
        { id: 'ask', kind: 'agent', agent: 'helper', input: 'two-turns', budgetShare: 0.5 },
        { id: 'child', kind: 'workflow', workflow: 'doubler', inputs: { x: '21.0' } },
      ],
      outputs: { agent: 'steps.ask.output', child: 'steps.child.output.y' },
    });
    const id = await start('parent');
    const run = await ended(id);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs).toEqual({ agent: 'done: sum is 5', child: 42 });
    expect(run.usage.modelCalls).toBe(3);
    const children = await p.runtime.store.runs.children(p.tenant.id, id);
    expect(children.map((c) => `${c.kind}:${c.agentName}:${c.status}`).sort()).toEqual(['agent:helper:completed', 'workflow:doubler:completed']);
    // The child agent's model calls are its agent's and the calling workflow's usage (issue 14).
    const child = children.find((c) => c.kind === 'agent')!;
    const rows = await p.runtime.store.db.selectFrom('model_usage').select(['agent', 'workflow', 'source']).where('run_id', '=', child.id).execute();
    expect(rows).toEqual(Array(3).fill({ agent: 'helper', workflow: 'parent', source: 'run' }));
  });

  it('streams step events and an llm step\'s token deltas over SSE', async () => {
    await register({
      name: 'streamer',
      steps: [{ id: 'pause', kind: 'wait', duration: '1500ms' }, llm('talk', 'say one two three four five six seven eight')],
      outputs: { said: 'steps.talk.output' },
    });
    const url = await p.api.listen({ port: 0, host: '127.0.0.1' });
    model.setFaults({ tokenDelayMs: 30 });
    try {
      const id = await start('streamer');
      const res = await fetch(`${url}/v1/runs/${id}/events`, { headers: p.auth() });
      expect(res.status).toBe(200);
      const text = await res.text();
      const messages = text.split('\n\n').filter((b) => b.includes('event:')).map((block) => {
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
        return { id: field('id'), event: field('event')!, data: JSON.parse(field('data') ?? 'null') };
      });
      const kinds = messages.map((m) => m.event);
      expect(kinds[0]).toBe('run.started');
      expect(kinds.at(-1)).toBe('run.finished');
      const talkStarted = messages.find((m) => m.event === 'step.started' && m.data.id === 'talk')!;
      const deltas = messages.filter((m) => m.event === 'delta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((d) => d.id!.startsWith(`${talkStarted.id}.`))).toBe(true);
      expect(deltas.map((d) => d.data.text).join('')).toBe('one two three four five six seven eight');
      const finished = messages.find((m) => m.event === 'step.finished' && m.data.id === 'talk')!;
      expect(finished.data).toMatchObject({ kind: 'llm', status: 'succeeded', output: 'one two three four five six seven eight' });
    } finally {
      model.setFaults({});
    }
  });

  it('keeps large values out of history: tool results and prompts above the inline threshold travel by reference', async () => {
    await register({
      name: 'bulky',
      steps: [
        tool('blob', 'big', { bytes: 12_000, seed: 7 }),
        llm('echo', 'say {{ steps.blob.output }}'),
      ],
      outputs: { size: 'size(steps.echo.output)', head: 'steps.blob.output.substring(0, 3)' },
    });
    const id = await start('bulky');
    const run = await ended(id);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs.head).toBe('#7 ');
    expect(run.outcome.outputs.size).toBeGreaterThan(10_000);
    const { payloads } = await measureHistory(p.env.client, id);
    const largest = Math.max(...payloads.map((x) => x.bytes));
    expect(largest).toBeLessThan(6_000);
    expect(stepsOf(run).blob.output!.length).toBeLessThanOrEqual(2000);
  });
});
