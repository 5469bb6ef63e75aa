// The agent-stream benchmark's client, in a process of its own as a real client is: it alternates a
// direct streaming call to the model stand-in with an agent run (POST /v1/runs, then its SSE
// events), timing each until its first token, and prints one JSON object with every measurement.
// argv[2]: {"modelUrl","model","apiUrl","key","agent","input","warmup","iterations"}.
import { sseBlocks } from '../../test/support/sse-blocks';

interface ClientPlan {
  modelUrl: string;
  model: string;
  apiUrl: string;
  key: string;
  agent: string;
  input: string;
  warmup: number;
  iterations: number;
}

export interface AgentMeasurement {
  id: string;
  /** Wall clock at the POST (the server's event times are compared with it). */
  startedAt: number;
  ttft: number;
  postMs: number;
}

export interface ClientMeasurements {
  direct: number[];
  agent: AgentMeasurement[];
}

async function direct(plan: ClientPlan): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${plan.modelUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: plan.model, stream: true, messages: [{ role: 'system', content: 'Answer.' }, { role: 'user', content: plan.input }] }),
  });
  let ttft = NaN;
  for await (const block of sseBlocks(res)) {
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!data || data === '[DONE]') continue;
    if (Number.isNaN(ttft) && JSON.parse(data).choices?.[0]?.delta?.content) ttft = performance.now() - t0;
  }
  return ttft;
}

async function agent(plan: ClientPlan): Promise<AgentMeasurement> {
  const auth = { authorization: `Bearer ${plan.key}` };
  const startedAt = Date.now();
  const t0 = performance.now();
  const posted = await fetch(`${plan.apiUrl}/v1/runs`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ agent: plan.agent, input: plan.input }),
  });
  if (!posted.ok) throw new Error(`POST /v1/runs answered ${posted.status}: ${await posted.text()}`);
  const { id } = (await posted.json()) as { id: string };
  const postMs = performance.now() - t0;
  const res = await fetch(`${plan.apiUrl}/v1/runs/${id}/events`, { headers: auth });
  let ttft = NaN;
  for await (const block of sseBlocks(res)) {
    if (Number.isNaN(ttft) && /^event: delta$/m.test(block)) ttft = performance.now() - t0;
  }
  if (Number.isNaN(ttft)) throw new Error(`run ${id} streamed no delta`);
  return { id, startedAt, ttft, postMs };
}

async function main() {
  const plan = JSON.parse(process.argv[2]) as ClientPlan;
  for (let i = 0; i < plan.warmup; i++) {
    await direct(plan);
    await agent(plan);
  }
  const out: ClientMeasurements = { direct: [], agent: [] };
  for (let i = 0; i < plan.iterations; i++) {
    out.direct.push(await direct(plan));
    out.agent.push(await agent(plan));
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
