// Scripted model behaviour for the vLLM stand-in: the user's first message names a scenario and
// the reply depends on how many tool results the conversation holds so far.
import type { OpenAIChatBody, StandinReply } from './vllm-standin';

type Scenario = (toolResults: string[], body: OpenAIChatBody) => StandinReply;

const call = (name: string, args: Record<string, unknown>): StandinReply => ({ toolCalls: [{ name, arguments: args }] });

export const scenarios: Record<string, Scenario> = {
  /** add, then echo the sum, then answer. */
  'two-turns': (r) =>
    r.length === 0 ? call('tools__add', { a: 2, b: 3 })
    : r.length === 1 ? call('tools__echo', { text: `sum is ${r[0]}` })
    : { content: `done: ${r[1]}` },
  /** One destructive call, then report what came back. */
  'side-effect': (r) => (r.length === 0 ? call('tools__record_side_effect', { value: 'charged', hold_ms: 0 }) : { content: `result: ${r[0]}` }),
  /** A destructive call that stays in flight for a while after its side effect. */
  'side-effect-slow': (r) => (r.length === 0 ? call('tools__record_side_effect', { value: 'charged', hold_ms: 4_000 }) : { content: `result: ${r[0]}` }),
  /** Keeps calling tools forever. */
  loop: (r) => call('tools__echo', { text: `turn ${r.length}` }),
  /** A long tool call. */
  slow: (r) => (r.length === 0 ? call('tools__slow', { ms: 60_000 }) : { content: `slept: ${r[0]}` }),
  /** Two calls in one turn: they run concurrently. */
  parallel: (r) =>
    r.length === 0 ? { toolCalls: [{ name: 'tools__add', arguments: { a: 1, b: 1 } }, { name: 'tools__add', arguments: { a: 2, b: 2 } }] }
    : { content: `sums: ${r.join(',')}` },
  /** Two calls in one turn that end 300 ms apart: the live run sees their results one at a time. */
  'parallel-staggered': (r) =>
    r.length === 0 ? { toolCalls: [{ name: 'tools__slow', arguments: { ms: 300 } }, { name: 'tools__add', arguments: { a: 2, b: 2 } }] }
    : { content: `both: ${r.join(',')}` },
  /** Asks for a tool the agent is not granted, then answers with what it was told. */
  forbidden: (r) => (r.length === 0 ? call('tools__fail', {}) : { content: `told: ${r[0]}` }),
  /** Invalid arguments: the schema error goes back to the model. */
  'bad-args': (r) => (r.length === 0 ? call('tools__add', { a: 'two' }) : { content: `told: ${r[0]}` }),
  /** `steps N`: N echo turns, then an answer (benchmarks). */
  steps: (r, body) => {
    const n = Number(String(body.messages.find((m) => m.role === 'user')?.content ?? '').split(/\s+/)[1] ?? 1);
    return r.length < n ? call('tools__echo', { text: `turn ${r.length}` }) : { content: `done after ${r.length} tools` };
  },
  /** `chaos LABEL HOLD_MS` (bench/chaos.ts): a counted side effect, a destructive one, then an answer. */
  chaos: (r, body) => {
    const [, label = '?', hold = '0'] = String(body.messages.find((m) => m.role === 'user')?.content ?? '').split(/\s+/);
    return r.length === 0 ? call('tools__count', { label: `${label}/A`, hold_ms: Number(hold) })
      : r.length === 1 ? call('tools__count_destructive', { label: `${label}/B` })
      : { content: `done ${label}` };
  },
  /** `delegate AGENT TEXT…`: asks the child agent AGENT (tool `agent_AGENT`) with TEXT, then reports its answer. */
  delegate: (r, body) => {
    const [, agent = '?', ...text] = String(body.messages.find((m) => m.role === 'user')?.content ?? '').split(/\s+/);
    return r.length === 0 ? call(`agent_${agent}`, { input: text.join(' ') }) : { content: `parent got: ${r[0]}` };
  },
  /** `grow N BYTES`: N calls of tools__big (BYTES characters each, seeds 0…N-1), then an answer. Counts by
   * the last result's seed, so it holds when context management removed older results. */
  grow: (r, body) => {
    const [, n = '1', bytes = '1000'] = String(body.messages.find((m) => m.role === 'user')?.content ?? '').split(/\s+/);
    const last = r.length > 0 ? Number(/^#(\d+) /.exec(r[r.length - 1])?.[1] ?? -1) : -1;
    return last + 1 < Number(n) ? call('tools__big', { bytes: Number(bytes), seed: last + 1 }) : { content: `grew ${n}: last result ${r[r.length - 1]?.length ?? 0} characters` };
  },
  /** Registered workflows' `llm` steps. `classify TEXT`: JSON urgency (high when TEXT says urgent). */
  classify: (_r, body) => ({ content: JSON.stringify({ urgency: /urgent/i.test(firstUser(body)) ? 'high' : 'low', summary: firstUser(body).slice(9, 60) }) }),
  /** `sloppy`: not JSON at first; valid JSON once told why it was rejected (the repair attempt). */
  sloppy: (_r, body) => (userMessages(body).length > 1 ? { content: '{"urgency":"low"}' } : { content: 'It is not urgent, I think.' }),
  /** `stubborn`: never JSON. */
  stubborn: () => ({ content: 'no json here' }),
  /** `say TEXT…`: answers TEXT (a long TEXT streams as many deltas). */
  say: (_r, body) => ({ content: firstUser(body).split(/\s+/).slice(1).join(' ') }),
  /** `costly`: an answer that used 600 tokens. */
  costly: () => ({ content: 'expensive', usage: { prompt_tokens: 500, completion_tokens: 100 } }),
  /** `count-then-recite LABEL N` (test/deploy/scale-out.test.ts): a counted side effect, then an answer of N words (reciteWords). */
  'count-then-recite': (r, body) => {
    const [, label = '?', n = '20'] = firstUser(body).split(/\s+/);
    return r.length === 0 ? call('tools__count', { label }) : { content: reciteWords(Number(n)) };
  },
  /** Answers straight away. */
  direct: () => ({ content: 'hello' }),
  /** Repeats every user message it was sent (conversations: what a turn remembers). */
  remember: (_r, body) => ({ content: `heard: ${body.messages.filter((m) => m.role === 'user').map((m) => String(m.content)).join(' | ')}` }),
};

/** `w0 w1 … w(N-1).`: a long answer that streams as N deltas. */
export const reciteWords = (n: number) => `${Array.from({ length: n }, (_, i) => `w${i}`).join(' ')}.`;

const userMessages = (body: OpenAIChatBody) => body.messages.filter((m) => m.role === 'user').map((m) => String(m.content ?? ''));
const firstUser = (body: OpenAIChatBody) => userMessages(body)[0] ?? '';

export function scriptedModel(body: OpenAIChatBody): StandinReply {
  const user = body.messages.find((m) => m.role === 'user');
  const name = String(user?.content ?? '').split(/\s/)[0];
  const scenario = scenarios[name];
  if (!scenario) return { content: `unknown scenario ${name}` };
  const toolResults = body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content ?? ''));
  return scenario(toolResults, body);
}

// `npx tsx test/support/scripted-model.ts --model M [--max-model-len N]`: the vLLM stand-in answering with these
// scenarios, in its own process (benchmarks keep it off the worker's event loop). Prints its URL.
if (require.main === module) {
  const flag = (name: string) => process.argv[process.argv.indexOf(name) + 1];
  void import('./vllm-standin').then(async ({ startVllmStandin }) => {
    const maxModelLen = process.argv.includes('--max-model-len') ? Number(flag('--max-model-len')) : undefined;
    const standin = await startVllmStandin({ model: flag('--model') ?? 'test-model', respond: scriptedModel, ...(maxModelLen ? { maxModelLen } : {}) });
    process.stdout.write(`${standin.url}\n`);
  });
}
