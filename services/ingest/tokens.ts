// Token counters for chunk bounds: the platform's estimate (services/router, much faster) or exact
// cl100k through js-tiktoken, ~13x slower on SciFact.
import { getEncoding, type Tiktoken } from 'js-tiktoken';
import { estimateTokens } from '../router';
import type { ChunkingOptions } from './types';

export type TokenCounter = (text: string) => number;

let cl100k: Tiktoken | undefined;

export function cl100kTokens(text: string): number {
  cl100k ??= getEncoding('cl100k_base');
  return cl100k.encode(text).length;
}

export function tokenCounter(kind: ChunkingOptions['tokenCounter']): TokenCounter {
  return kind === 'cl100k' ? cl100kTokens : estimateTokens;
}
