// Structure-aware, token-bounded chunking: a chunk never spans two sections (heading paths) or
// two pages; inside a section blocks are packed up to maxTokens, a block too long on its own is
// split at sentences (then words), and each new chunk of a section repeats the previous chunk's
// last sentences up to overlapTokens.
import { tokenCounter, type TokenCounter } from './tokens';
import { ChunkingOptionsSchema, type Block, type Chunk, type ChunkingOptions } from './types';

interface Unit {
  text: string;
  tokens: number;
  /** Joined to the previous unit with a space (same block) or a blank line (new block). */
  continuesBlock: boolean;
}

const SENTENCE_END = /(?<=[.!?;])\s+(?=[\p{Lu}\p{N}("'[])/u;

/**
 * A "word" over the bound (text without spaces: a minified blob, a decompressed run) is cut into
 * slices of at most maxTokens; a slice still over it (multi-token characters) is halved again.
 */
function sliceWord(word: string, maxTokens: number, count: TokenCounter): string[] {
  const slices: string[] = [];
  const pending: string[] = [];
  for (let at = 0; at < word.length; at += maxTokens * 4) pending.push(word.slice(at, at + maxTokens * 4));
  pending.reverse();
  while (pending.length > 0) {
    const slice = pending.pop()!;
    if (slice.length <= 1 || count(slice) <= maxTokens) {
      slices.push(slice);
      continue;
    }
    let half = slice.length >> 1;
    if (/[\uDC00-\uDFFF]/.test(slice[half])) half--; // keep surrogate pairs whole
    if (half === 0) {
      slices.push(slice);
      continue;
    }
    pending.push(slice.slice(half), slice.slice(0, half));
  }
  return slices;
}

function splitLong(text: string, maxTokens: number, count: TokenCounter): string[] {
  const pieces: string[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    if (count(sentence) <= maxTokens) {
      pieces.push(sentence);
      continue;
    }
    let window: string[] = [];
    let windowTokens = 0;
    for (const word of sentence.split(/\s+/)) {
      const tokens = count(word) || 1;
      if (windowTokens + tokens > maxTokens && window.length > 0) {
        pieces.push(window.join(' '));
        window = [];
        windowTokens = 0;
      }
      if (tokens > maxTokens) {
        pieces.push(...sliceWord(word, maxTokens, count));
        continue;
      }
      window.push(word);
      windowTokens += tokens;
    }
    if (window.length > 0) pieces.push(window.join(' '));
  }
  return pieces;
}

function unitsOf(block: Block, options: ChunkingOptions, count: TokenCounter): Unit[] {
  const tokens = count(block.text);
  if (tokens <= options.maxTokens) return [{ text: block.text, tokens, continuesBlock: false }];
  return splitLong(block.text, options.maxTokens, count).map((text, i) => ({ text, tokens: count(text), continuesBlock: i > 0 }));
}

function joinUnits(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? u.text : (u.continuesBlock ? ' ' : '\n\n') + u.text)).join('');
}

function sectionKey(block: Block): string {
  return `${block.page ?? ''}\u0000${block.headingPath.join('\u0000')}`;
}

export function chunkBlocks(blocks: Block[], rawOptions: Partial<ChunkingOptions> = {}): Chunk[] {
  const options = ChunkingOptionsSchema.parse(rawOptions);
  const count = tokenCounter(options.tokenCounter);
  const chunks: Chunk[] = [];
  let index = 0;

  for (let start = 0; start < blocks.length; ) {
    let end = start;
    while (end < blocks.length && sectionKey(blocks[end]) === sectionKey(blocks[start])) end++;
    const section = blocks.slice(start, end);
    const units = section.flatMap((block) => unitsOf(block, options, count));
    let current: Unit[] = [];
    let currentTokens = 0;
    let fresh = 0; // units in `current` not carried over as overlap
    const emit = () => {
      if (fresh === 0) return;
      chunks.push({ index: index++, text: joinUnits(current), headingPath: section[0].headingPath, page: section[0].page, tokens: currentTokens });
    };
    for (const unit of units) {
      if (currentTokens + unit.tokens > options.maxTokens && fresh > 0) {
        emit();
        const overlap: Unit[] = [];
        let overlapTokens = 0;
        for (let i = current.length - 1; i >= 0; i--) {
          if (overlapTokens + current[i].tokens > options.overlapTokens || overlapTokens + current[i].tokens + unit.tokens > options.maxTokens) break;
          overlap.unshift(current[i]);
          overlapTokens += current[i].tokens;
        }
        current = overlap;
        currentTokens = overlapTokens;
        fresh = 0;
      }
      current.push(unit);
      currentTokens += unit.tokens;
      fresh++;
    }
    emit();
    start = end;
  }
  return chunks;
}
