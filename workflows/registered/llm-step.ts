// `llm` steps: one model call through a claim-checked conversation (the prompt's templates
// evaluated in the workflow), streamed as deltas, with one repair attempt when the answer breaks
// the step's output schema.
import { proxyActivities } from '@temporalio/workflow';
import type { AgentActivities, CallModelResult } from '../../activities/types';
import type { ConversationEntry } from '../../services/agents/types';
import { MODEL_OUTAGE_DEFAULTS, modelCallRetry } from '../../services/router/policy';
import type { JsonValue } from '../../services/workflows/policy';
import type { StepOf, StoredValue, WorkflowRunInput, WorkflowStepRecord } from '../../services/workflows/types';
import { activityFailure } from './control';
import type { WorkflowJournal } from './journal';
import { StepFailure, type Evaluator, type Scope, type Value } from './values';

export class LlmStep {
  private readonly callModel: AgentActivities['callModel'];

  constructor(
    private readonly deps: { input: WorkflowRunInput; journal: WorkflowJournal; lean?: boolean },
    private readonly evaluator: Evaluator,
    private readonly checkLimits: () => void,
  ) {
    const outage = deps.input.modelOutage ?? MODEL_OUTAGE_DEFAULTS;
    ({ callModel: this.callModel } = proxyActivities<AgentActivities>({
      startToCloseTimeout: '10 minutes',
      heartbeatTimeout: '30 seconds',
      scheduleToCloseTimeout: (outage.windowSeconds + 600) * 1000,
      retry: modelCallRetry(outage),
    }));
  }

  private get input() {
    return this.deps.input;
  }

  private get journal() {
    return this.deps.journal;
  }

  async run(step: StepOf<'llm'>, scope: Scope, record: WorkflowStepRecord, eventId: number): Promise<Value> {
    this.checkLimits();
    const sources = step.system !== undefined ? [step.system, step.prompt] : [step.prompt];
    const texts = (this.deps.lean ? this.evaluator.textsNow(sources, scope) : undefined) ?? (await this.evaluator.texts(sources, scope));
    const [system, prompt] = step.system !== undefined ? texts : [undefined, texts[0]];
    const append: ConversationEntry[] = [...(system !== undefined ? [entry('system', system)] : []), entry('user', prompt!)];
    const call = (base: string | undefined, messages: ConversationEntry[]) =>
      this.callModel({
        ...this.carried(),
        tenantId: this.input.tenantId,
        runId: this.input.runId,
        step: record.index,
        priority: this.input.priority,
        stream: { afterEventId: eventId },
        outage: { ...(this.input.modelOutage ?? MODEL_OUTAGE_DEFAULTS), statusAsOfEventId: this.journal.lastEventId },
        ...(step.outputSchema ? { outputSchema: step.outputSchema } : {}),
        conversation: {
          model: step.model,
          ...(step.generation ? { generation: step.generation } : {}),
          ...(base ? { base } : {}),
          append: messages,
          inlineBytes: this.input.inlineBytes,
          contextMaxTokens: this.input.contextMaxTokens,
        },
      }).catch((err) => {
        throw activityFailure(err, 'model_failed');
      });
    let response = await call(undefined, append);
    this.countModel(record, response);
    if (response.outputError) {
      // One repair attempt: the model sees why its answer was refused.
      this.checkLimits();
      response = await call(response.conversation, [{ role: 'user', content: `Your answer was rejected: ${response.outputError}. Answer again with JSON only.` }]);
      this.countModel(record, response);
      if (response.outputError) throw new StepFailure('invalid_output', response.outputError);
    }
    if (step.outputSchema) return response.parsedOutput as JsonValue;
    if (response.contentRef) return { $blob: response.contentRef.ref, bytes: response.contentRef.bytes, preview: response.content };
    return response.content;
  }

  /** What happened since the last progress write (the step's start among it), recorded by the call before it streams. */
  private carried() {
    const progress = this.deps.lean ? this.journal.carryProgress() : undefined;
    return progress ? { progress } : {};
  }

  private countModel(record: WorkflowStepRecord, r: CallModelResult) {
    this.journal.countUsage(record, { ...r.usage, costUsd: r.costUsd, modelCalls: 1 });
  }
}

function entry(role: 'system' | 'user', text: string | StoredValue): ConversationEntry {
  if (typeof text === 'string') return { role, content: text };
  return { role, content: '', contentRef: { ref: text.$blob, bytes: text.bytes } };
}
