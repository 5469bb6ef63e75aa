// The run's conversation as the workflow keeps it. Claim-checked (runs started with the
// `claim-check-conversation` patch): blob references plus the few messages the model has not seen
// yet, so a model call's input grows with the new messages, not with the conversation. Otherwise
// (histories recorded before): the whole message list, sent with every call.
import type { AgentRunInput, CarriedConversation, CarriedRunState, ConversationEntry } from '../../services/agents/types';
import type { ToolSpec } from '../../services/router/types';
import type { CallModelInput, CallModelResult, CallToolResult } from '../../activities/types';

export const CLAIM_CHECK_DEFAULTS = { inlineBytes: 2048, contextMaxTokens: 128_000 } as const;

export class RunConversation {
  private readonly carried?: CarriedConversation;

  constructor(
    private readonly input: AgentRunInput,
    private readonly state: CarriedRunState,
    readonly claimChecked: boolean,
  ) {
    if (!claimChecked) return;
    // A run continued from workflow code that kept whole messages sends them once, then by reference.
    this.carried = state.conversation ??= { pending: state.messages.splice(0, state.messages.length) };
  }

  /** The first messages of a new run: the instructions (unless continuing a conversation) and the input. */
  static opening(input: AgentRunInput, claimChecked: boolean): Pick<CarriedRunState, 'messages' | 'conversation'> {
    const instructions = { role: 'system' as const, content: input.agent.definition.instructions };
    const user = { role: 'user' as const, content: input.input };
    if (!claimChecked) return { messages: [instructions, user] };
    return { messages: [], conversation: { ref: input.history, pending: input.history ? [user] : [instructions, user] } };
  }

  get inlineBytes(): number | undefined {
    return this.claimChecked ? (this.input.claimCheck ?? CLAIM_CHECK_DEFAULTS).inlineBytes : undefined;
  }

  /** The conversation reference the model last answered on. */
  get ref(): string | undefined {
    return this.carried?.ref;
  }

  /** What a model call is given: the whole request, or the conversation by reference. */
  modelInput(specs: ToolSpec[]): Pick<CallModelInput, 'request' | 'conversation'> {
    const { definition } = this.input.agent;
    const tools = specs.length > 0 ? specs : undefined;
    if (!this.carried) {
      return { request: { model: definition.model, messages: this.state.messages, tools, generation: definition.generation } };
    }
    const limits = this.input.claimCheck ?? CLAIM_CHECK_DEFAULTS;
    return {
      conversation: {
        model: definition.model,
        ...(definition.generation ? { generation: definition.generation } : {}),
        ...(this.carried.ref ? { base: this.carried.ref } : {}),
        append: this.carried.pending,
        ...(tools ? { tools: this.carried.toolsRef ? { ref: this.carried.toolsRef } : tools } : {}),
        ...(definition.context ? { context: definition.context } : {}),
        inlineBytes: limits.inlineBytes,
        contextMaxTokens: limits.contextMaxTokens,
      },
    };
  }

  /** The model answered: its message joins the conversation. */
  answered(response: CallModelResult) {
    if (!this.carried) {
      this.state.messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
      return;
    }
    this.carried.ref = response.conversation;
    this.carried.pending = [];
    if (response.toolsRef) this.carried.toolsRef = response.toolsRef;
  }

  add(message: ConversationEntry) {
    if (this.carried) this.carried.pending.push(message);
    else this.state.messages.push(message);
  }

  /** A tool's result as the model will get it (by reference when the activity stored it). */
  addToolResult(toolCallId: string, result: Pick<CallToolResult, 'content' | 'isError' | 'contentRef'>) {
    const { content, isError, contentRef } = result;
    this.add(contentRef ? { role: 'tool', toolCallId, content: '', isError, contentRef } : { role: 'tool', toolCallId, content, isError });
  }
}
