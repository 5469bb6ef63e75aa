// Keeps a conversation inside the model's context: `truncate` blanks the oldest tool results,
// `summarise` replaces the oldest messages by a summary the model writes. Runs in the model
// activity, which holds the whole message list; the decision goes back to the workflow as a run event.
import { estimateTokens, type ChatMessage, type ChatResponse, type ModelRouter } from '../services/router';
import type { ContextPolicy } from '../services/agents/types';
import type { ContextDecision } from './types';

// Message objects are shared by every cached conversation that holds them: each is estimated once.
const estimates = new WeakMap<ChatMessage, number>();
const PER_MESSAGE_TOKENS = 4;

export function messageTokens(m: ChatMessage): number {
  let t = estimates.get(m);
  if (t === undefined) {
    t = PER_MESSAGE_TOKENS + estimateTokens(m.content) + (m.role === 'assistant' && m.toolCalls ? estimateTokens(JSON.stringify(m.toolCalls)) : 0);
    estimates.set(m, t);
  }
  return t;
}

export const conversationTokens = (messages: ChatMessage[]) => messages.reduce((n, m) => n + messageTokens(m), 0);

export const truncatedMarker = (chars: number) => `[tool result removed to fit the context window: ${chars} characters]`;

export interface ContextFit {
  messages: ChatMessage[];
  decision?: ContextDecision;
}

/** Where the latest turn starts: the last assistant message and the tool results answering it, which no policy removes. */
function latestTurn(messages: ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'assistant') return i;
  return messages.length;
}

/** Blanks the oldest tool results until the conversation fits `maxTokens` (or only the latest turn's are left). */
export function truncateToFit(messages: ChatMessage[], maxTokens: number): ContextFit {
  const beforeTokens = conversationTokens(messages);
  if (beforeTokens <= maxTokens) return { messages };
  const out = [...messages];
  let tokens = beforeTokens;
  let blanked = 0;
  const latest = latestTurn(messages);
  for (let i = 0; i < latest && tokens > maxTokens; i++) {
    const m = out[i];
    if (m.role !== 'tool' || m.content.startsWith('[tool result removed')) continue;
    const replaced: ChatMessage = { ...m, content: truncatedMarker(m.content.length) };
    tokens += messageTokens(replaced) - messageTokens(m);
    out[i] = replaced;
    blanked++;
  }
  if (blanked === 0) return { messages };
  return { messages: out, decision: { policy: 'truncate', beforeTokens, afterTokens: tokens, maxTokens, messages: blanked } };
}

const SUMMARY_PROMPT =
  'Summarise the conversation below for the assistant that will continue it: the task, what was found (facts, numbers, names, sources), ' +
  'what was decided and what remains to do. Plain text, no preamble.';
export const SUMMARY_PREFIX = 'Summary of the earlier conversation:\n';

/**
 * Replaces the oldest messages (after the leading system messages) by one summary message, keeping
 * the latest turn and the newest messages before it that fit in half the budget. The kept part
 * never starts with a tool result whose call was summarised away.
 */
export async function summariseToFit(
  messages: ChatMessage[],
  maxTokens: number,
  summarise: (request: { model: string; messages: ChatMessage[] }) => Promise<ChatResponse>,
  model: string,
  /** What the summary call's prompt may hold: the model's window, which may exceed the agent's budget. */
  transcriptTokens = maxTokens,
): Promise<ContextFit> {
  const beforeTokens = conversationTokens(messages);
  if (beforeTokens <= maxTokens) return { messages };
  let head = 0;
  while (head < messages.length && messages[head].role === 'system') head++;
  let tail = latestTurn(messages);
  let kept = messages.slice(tail).reduce((n, m) => n + messageTokens(m), 0);
  while (tail - 1 > head && kept + messageTokens(messages[tail - 1]) <= maxTokens / 2) kept += messageTokens(messages[--tail]);
  while (tail < messages.length && messages[tail].role === 'tool') tail++;
  const folded = messages.slice(head, tail);
  if (folded.length === 0) return truncateToFit(messages, maxTokens);
  // The summariser sees as much of the folded part as fits its own budget, newest last.
  const transcript = fitTranscript(folded, Math.max(512, transcriptTokens - 1024));
  const response = await summarise({ model, messages: [{ role: 'system', content: SUMMARY_PROMPT }, { role: 'user', content: transcript }] });
  const summary: ChatMessage = { role: 'user', content: `${SUMMARY_PREFIX}${response.content}` };
  const out = [...messages.slice(0, head), summary, ...messages.slice(tail)];
  return {
    messages: out,
    decision: {
      policy: 'summarise', beforeTokens, afterTokens: conversationTokens(out), maxTokens, messages: folded.length,
      usage: response.usage, costUsd: response.costUsd,
    },
  };
}

function fitTranscript(messages: ChatMessage[], maxTokens: number): string {
  const lines: string[] = [];
  let tokens = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    const calls = m.role === 'assistant' && m.toolCalls?.length ? ` [called ${m.toolCalls.map((c) => c.name).join(', ')}]` : '';
    const line = `${m.role}${calls}: ${m.content}`;
    const t = messageTokens(m);
    if (tokens + t > maxTokens) {
      lines.push(`${m.role}: [${m.content.length} characters omitted]`);
      continue;
    }
    tokens += t;
    lines.push(line);
  }
  return lines.reverse().join('\n\n');
}

/** The token budget a conversation must fit: the agent's, else the model's window, else the default; less the answer's room. */
export function contextBudget(policy: ContextPolicy | undefined, router: Pick<ModelRouter, 'contextWindow'>, model: string, fallback: number, answerTokens = 0): number {
  const window = policy?.maxTokens ?? router.contextWindow?.(model) ?? fallback;
  return Math.max(256, window - answerTokens);
}
