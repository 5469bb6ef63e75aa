// The one token estimate: word pieces as the Unicode definition below says, counted by a scanner
// fast enough for every prompt the router sees.
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../services/router';

const PIECE = /[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;
function byDefinition(text: string): number {
  let count = 0;
  for (const [piece] of text.matchAll(PIECE)) {
    count += piece.length <= 6 ? 1 : Math.ceil(piece.length / 5);
    if (piece.charCodeAt(0) >= 48 && piece.charCodeAt(0) <= 57) count += Math.floor((piece.length - 1) / 3);
  }
  return count;
}

describe('estimateTokens', () => {
  it('counts words, long words, digit runs and punctuation', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('hello world')).toBe(2);
    expect(estimateTokens('internationalisation')).toBe(4);
    expect(estimateTokens('1234567')).toBe(4);
    expect(estimateTokens('{"a": 1}')).toBe(7);
  });

  it('agrees with the Unicode definition on mixed scripts, marks, astral characters and lone surrogates', () => {
    const alphabet = ['a', 'Z', '7', ' ', '\n', '\u00a0', '\u3000', 'é', 'e\u0301', '中', 'ع', '٣', '²', '½', 'Ⅻ', '😀', '𝔘', '\ud800', '\udc00', '-', '"', '€'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
    for (let k = 0; k < 2_000; k++) {
      const text = Array.from({ length: 1 + (k % 40) }, () => alphabet[next()]).join('');
      expect(estimateTokens(text), JSON.stringify(text)).toBe(byDefinition(text));
    }
  });
});
