// A model call on a claim-checked conversation: rebuild the message list from references (cached
// per worker), fit it to the model's context, ask, store the answer as the conversation's next
// node, and return references where contents are large.
import { Context } from '@temporalio/activity';
import { BlobWrites, getJson } from '../services/blobs';
import { setActivityTraceDetail } from '../services/tracing';
import type { ChatMessage, ChatRequest, ChatResponse, ModelRouter, ToolSpec } from '../services/router';
import type { ConversationStore } from './conversation';
import { contextBudget, summariseToFit, truncateToFit, type ContextFit } from './context-window';
import type { z } from 'zod';
import type { CallModelResult, ConversationCallSchema, ParsedCallModelInput as ModelCallInput } from './types';

type ConversationCall = z.output<typeof ConversationCallSchema>;

export interface ConversationCallModel {
  /** The model's answer to the whole request (routed, or served by an exact replay), output-checked. */
  answer(request: ChatRequest): Promise<CallModelResult>;
  /** One plain model call (the `summarise` policy's). */
  summarise(request: ChatRequest): Promise<ChatResponse>;
}

export async function conversationCall(
  router: Pick<ModelRouter, 'contextWindow'>,
  conversations: ConversationStore,
  input: ModelCallInput,
  call: ConversationCall,
  model: ConversationCallModel,
): Promise<CallModelResult> {
  const { blobs } = conversations;
  // What this call stores before asking the model is written while the model answers: references
  // are content hashes, and none is handed on before every write has landed.
  const writes = new BlobWrites(blobs);
  try {
    const result = await answerOn(router, conversations, input, call, model, writes);
    await writes.settled();
    return result;
  } finally {
    await writes.settled().catch(() => undefined);
  }
}

async function answerOn(
  router: Pick<ModelRouter, 'contextWindow'>,
  conversations: ConversationStore,
  input: ModelCallInput,
  call: ConversationCall,
  model: ConversationCallModel,
  writes: BlobWrites,
): Promise<CallModelResult> {
  const { blobs } = conversations;
  const base = await conversations.load(call.base);
  const entries = await Promise.all(call.append.map((e) => (e.contentRef ? e : conversations.entryOf(e as ChatMessage, call.inlineBytes, writes))));
  let at = entries.length > 0 ? await conversations.append(call.base, base, entries, writes) : { ref: call.base, conversation: base };

  let tools: ToolSpec[] | undefined;
  let toolsRef: string | undefined;
  if (Array.isArray(call.tools)) {
    tools = call.tools;
    toolsRef = writes.putJson(tools);
  } else if (call.tools) {
    toolsRef = call.tools.ref;
    tools = await getJson<ToolSpec[]>(blobs, toolsRef);
  }

  // An exact replay is answered from the trace whatever the prompt: it keeps the conversation as it is.
  let fit: ContextFit = { messages: at.conversation.messages };
  if (input.replay?.mode !== 'exact') {
    const budget = contextBudget(call.context, router, call.model, call.contextMaxTokens, call.generation?.maxTokens);
    fit = call.context?.policy === 'summarise'
      ? await summariseToFit(fit.messages, budget, (r) => model.summarise(r), call.model, router.contextWindow?.(call.model) ?? budget)
      : truncateToFit(fit.messages, budget);
  }
  if (fit.decision) {
    // The fitted conversation starts a new chain: later calls build on it, not on the original.
    const compacted = await Promise.all(fit.messages.map((m) => conversations.entryOf(m, call.inlineBytes, writes)));
    at = await conversations.append(undefined, { messages: [], chars: 0 }, compacted, writes);
  }

  const request: ChatRequest = { model: call.model, messages: fit.messages, ...(tools && tools.length > 0 ? { tools } : {}), ...(call.generation ? { generation: call.generation } : {}) };
  const response = await model.answer(request);
  traceWhole(request, response);

  const assistant: ChatMessage = { role: 'assistant', content: response.content, ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}) };
  const next = await conversations.append(at.ref, at.conversation, [await conversations.entryOf(assistant, call.inlineBytes, writes)], writes);
  const content = await conversations.claimCheckText(response.content, call.inlineBytes, writes);
  return {
    ...response,
    ...content,
    conversation: next.ref,
    ...(toolsRef ? { toolsRef } : {}),
    ...(fit.decision ? { context: fit.decision } : {}),
  };
}

/** The trace records what the model saw and said, not the references history carries. */
function traceWhole(request: ChatRequest, response: ChatResponse) {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // called outside an activity (benchmarks, scripts)
  }
  setActivityTraceDetail(context, { request, response });
}
