// A valid definition of a given size with every step kind, for the `workflow` benchmark (how long
// validation of a big definition takes) and for tests of the size limits.
import type { Step, WorkflowDefinitionInput } from './definition';

/** Nineteen steps that reference one another; `n` (and `salt`) make the ids unique. */
function block(n: number, salt: string): Step[] {
  const id = (name: string) => `${name}_${n}${salt}`;
  const prev = n > 0 ? `steps.answer_${n - 1}${salt}.output` : 'inputs.question';
  return [
    { id: id('prepare'), kind: 'set', values: { [`q_${n}${salt}`]: `string(${prev}) + " (part ${n})"`, [`limit_${n}${salt}`]: 'size(inputs.topics) + 3' } },
    { id: id('search'), kind: 'retrieve', collection: 'handbook', query: `{{ vars.q_${n}${salt} }}`, mode: 'hybrid', topK: 5, rerank: true },
    {
      id: id('classify'), kind: 'llm', model: 'default', system: 'You classify support questions.',
      prompt: `Question: {{ vars.q_${n}${salt} }}\nPassages: {{ steps.${id('search')}.output.results.map(r, r.text) }}`,
      outputSchema: { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] }, code: { type: 'string', pattern: '^[A-Z]{3}-[0-9]+$' } } },
      generation: { temperature: 0, maxTokens: 200 }, retry: { attempts: 3, backoff: { initial: '1s', factor: 2, max: '30s' } }, timeout: '2m',
    },
    {
      id: id('route'), kind: 'branch',
      cases: [
        {
          when: `steps.${id('classify')}.output.urgency == "high"`,
          steps: [
            { id: id('confirm'), kind: 'approval', message: `Escalate "{{ vars.q_${n}${salt} }}"?`, timeout: '4h', defaultDecision: 'reject' },
            {
              id: id('ticket'), kind: 'tool', server: 'helpdesk', tool: 'create_ticket', if: `steps.${id('confirm')}.output.decision == "approve"`,
              arguments: { title: `{{ vars.q_${n}${salt} }}`, priority: 'high', tags: ['{{ inputs.topics }}'] },
              onError: { compensate: [{ id: id('undo'), kind: 'tool', server: 'helpdesk', tool: 'delete_ticket', arguments: { ref: `{{ steps.${id('ticket')}.status }}` } }] },
            },
          ],
        },
      ],
      else: [{ id: id('note'), kind: 'set', values: { [`routed_${n}${salt}`]: '"low"' } }],
    },
    {
      id: id('fan'), kind: 'parallel',
      branches: {
        expert: [{ id: id('expert'), kind: 'agent', agent: 'handbook', input: `{{ vars.q_${n}${salt} }}`, budgetShare: 0.2 }],
        child: [{ id: id('child'), kind: 'workflow', workflow: 'document-review@2', inputs: { documentId: '"doc-1"', focus: `vars.q_${n}${salt}` } }],
        pause: [{ id: id('pause'), kind: 'wait', duration: '1s' }],
      },
    },
    {
      id: id('each'), kind: 'map', over: 'inputs.topics', as: 'topic', concurrency: 4,
      steps: [
        { id: id('topic_search'), kind: 'retrieve', collection: 'handbook', query: '{{ topic }}', mode: 'lexical', topK: 3 },
        { id: id('topic_note'), kind: 'llm', model: 'default', prompt: `Summarise {{ topic }}: {{ steps.${id('topic_search')}.output.results.map(r, r.text) }}` },
      ],
    },
    { id: id('signal'), kind: 'wait', signal: 'go_ahead', timeout: '10m', if: `vars.limit_${n}${salt} > 10` },
    {
      id: id('answer'), kind: 'llm', model: 'default',
      prompt: `Answer {{ vars.q_${n}${salt} }} using {{ steps.${id('each')}.output }} and {{ steps.${id('expert')}.output }}`,
      onError: { continue: { value: '"no answer"' } },
    },
    { id: id('tally'), kind: 'set', values: { [`done_${n}${salt}`]: `steps.${id('each')}.output.size() + 1` } },
  ] as Step[];
}

const stepsIn = (steps: Step[]): number =>
  steps.reduce((sum, s) => {
    let inner = 0;
    if (s.kind === 'branch') inner = s.cases.reduce((a, c) => a + stepsIn(c.steps), 0) + stepsIn(s.else ?? []);
    else if (s.kind === 'parallel') inner = Object.values(s.branches).reduce((a, b) => a + stepsIn(b), 0);
    else if (s.kind === 'map') inner = stepsIn(s.steps);
    if (s.onError && 'compensate' in s.onError) inner += stepsIn(s.onError.compensate);
    return sum + 1 + inner;
  }, 0);

/**
 * A valid definition of exactly `stepCount` steps (nested ones included), mixing every kind. A
 * `salt` (digits, letters, _) changes every id and expression, so no compiled expression is reused.
 */
export function largeDefinition(stepCount = 200, salt = ''): WorkflowDefinitionInput {
  const steps: Step[] = [];
  let n = 0;
  while (stepsIn(steps) + stepsIn(block(n, salt)) <= stepCount) steps.push(...block(n++, salt));
  let pad = 0;
  while (stepsIn(steps) < stepCount) steps.push({ id: `pad_${pad}`, kind: 'set', values: { [`pad_${pad++}`]: `size(inputs.topics) + ${pad}` } } as Step);
  return {
    name: 'large',
    description: `${stepCount} steps of every kind, for benchmarks`,
    inputs: { type: 'object', required: ['question'], properties: { question: { type: 'string', maxLength: 2000 }, topics: { type: 'array', items: { type: 'string' }, maxItems: 20, default: [] } } },
    outputs: { answer: `steps.answer_${n - 1}${salt}.output`, topics: 'inputs.topics' },
    limits: { deadline: '1h', maxTotalTokens: 500_000, maxCostUsd: 5 },
    schedules: [{ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', inputs: { question: 'What changed?', topics: ['safety'] } }],
    steps,
  };
}
