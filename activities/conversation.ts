// Claim-checked conversations: a conversation is a chain of blob nodes `{ base, append }`, large
// message contents are blobs of their own, and only references travel through workflow history.
// Each worker keeps the conversations it rebuilt (bounded by bytes), so a run's next model call
// reads only the node it appends: O(new messages), not O(conversation).
import { LRUCache } from 'lru-cache';
import { getJson, putJson, type BlobStore, type BlobWrites } from '../services/blobs';
import type { ChatMessage } from '../services/router/types';
import type { ContentRef, ConversationEntry } from '../services/agents/types';

/** A preview of a claim-checked content, as long as a run step's preview. */
export const PREVIEW_CHARS = 2000;

interface ConversationNode {
  base: string | null;
  append: ConversationEntry[];
}

export interface ResolvedConversation {
  messages: ChatMessage[];
  /** Characters held by the messages: what the cache charges for the entry. */
  chars: number;
}

const EMPTY: ResolvedConversation = { messages: [], chars: 0 };

export type ConversationStore = ReturnType<typeof conversationStore>;

export function conversationStore(blobs: BlobStore, cacheChars = 64 * 1024 * 1024) {
  // Content-addressed, so an entry is never stale. Entries share their message objects with the
  // conversations they extend, so the real footprint is below the charged one.
  const resolved = new LRUCache<string, ResolvedConversation>({ maxSize: cacheChars, sizeCalculation: (c) => Math.max(1, c.chars) });
  const stats = { hits: 0, misses: 0 };

  async function resolveEntry(entry: ConversationEntry, writes?: BlobWrites): Promise<ChatMessage> {
    const { contentRef, ...message } = entry;
    if (!contentRef) return message as ChatMessage;
    const bytes = writes?.contentOf(contentRef.ref) ?? (await blobs.get(contentRef.ref));
    return { ...message, content: bytes.toString('utf8') } as ChatMessage;
  }

  async function extended(base: ResolvedConversation, append: ConversationEntry[], writes?: BlobWrites): Promise<ResolvedConversation> {
    const added = await Promise.all(append.map((entry) => resolveEntry(entry, writes)));
    return { messages: base.messages.concat(added), chars: base.chars + added.reduce((n, m) => n + m.content.length, 0) };
  }

  /** The whole message list of a conversation; walks back only to the nearest cached ancestor. */
  async function load(ref: string | undefined): Promise<ResolvedConversation> {
    if (!ref) return EMPTY;
    const cached = resolved.get(ref);
    if (cached) {
      stats.hits++;
      return cached;
    }
    stats.misses++;
    const chain: Array<{ ref: string; node: ConversationNode }> = [];
    let at: string | null = ref;
    let conversation = EMPTY;
    while (at) {
      const hit = resolved.get(at);
      if (hit) {
        conversation = hit;
        break;
      }
      const node: ConversationNode = await getJson<ConversationNode>(blobs, at);
      chain.push({ ref: at, node });
      at = node.base;
    }
    for (const { ref: nodeRef, node } of chain.reverse()) {
      conversation = await extended(conversation, node.append);
      resolved.set(nodeRef, conversation);
    }
    return conversation;
  }

  /** Stores `base` + `append` as a new conversation node; the resolved list is cached under its reference. */
  /** With `writes`, the node is stored in the background (the caller awaits `writes.settled()`). */
  async function append(
    base: string | undefined, baseResolved: ResolvedConversation, entries: ConversationEntry[], writes?: BlobWrites,
  ): Promise<{ ref: string; conversation: ResolvedConversation }> {
    const node = { base: base ?? null, append: entries } satisfies ConversationNode;
    const ref = writes ? writes.putJson(node) : await putJson(blobs, node);
    const conversation = await extended(baseResolved, entries, writes);
    resolved.set(ref, conversation);
    return { ref, conversation };
  }

  /** A text that is too large to travel inline: stored, and replaced by a preview. */
  async function claimCheckText(text: string, inlineBytes: number, writes?: BlobWrites): Promise<{ content: string; contentRef?: ContentRef }> {
    const bytes = Buffer.byteLength(text);
    if (bytes <= inlineBytes) return { content: text };
    const ref = writes ? writes.put(text) : await blobs.put(text);
    return { content: text.slice(0, Math.min(PREVIEW_CHARS, inlineBytes)), contentRef: { ref, bytes } };
  }

  /** A message as a conversation node keeps it: its content by reference when large (no preview: the run's steps have one). */
  async function entryOf(message: ChatMessage, inlineBytes: number, writes?: BlobWrites): Promise<ConversationEntry> {
    const checked = await claimCheckText(message.content, inlineBytes, writes);
    return checked.contentRef ? { ...message, content: '', contentRef: checked.contentRef } : message;
  }

  return { load, append, entryOf, claimCheckText, stats, blobs };
}
