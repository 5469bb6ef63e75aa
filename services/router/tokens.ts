// The one token estimate in Keel: routing checks a prompt against context windows with it, and
// ingestion bounds chunks with it. Word pieces, no BPE table: measured on SciFact (5,183
// abstracts) it over-counts cl100k by ~17% on average, so whatever it bounds stays under the
// real limit, at a fraction of a tokenizer's cost. A scan over character classes rather than a
// Unicode regex, because the router runs it over every prompt.

const LETTER = 1; // \p{L} or \p{M}
const NUMBER = 2; // \p{N}
const SPACE = 3; // \s
const OTHER = 4;

/** Class per BMP code unit, filled on first sight (ASCII up front); astral code points are classified each time. */
const classes = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  classes[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? LETTER : c >= 48 && c <= 57 ? NUMBER : c === 32 || (c >= 9 && c <= 13) ? SPACE : OTHER;
}

function classify(ch: string): number {
  return /[\p{L}\p{M}]/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : /\s/u.test(ch) ? SPACE : OTHER;
}

/** The class of the code point at `i`, and its length in UTF-16 units (2 for a surrogate pair). */
function classAt(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return classify(text.slice(i, i + 2)) | 8;
  }
  return classes[unit] || (classes[unit] = classify(text[i]));
}

/** Estimated tokens in `text`: a word or number piece is one token up to 6 characters, one per 5 beyond; long digit runs add one per 3 digits. */
export function estimateTokens(text: string): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = i;
    const first = classAt(text, i);
    const cls = first & 7;
    i += first & 8 ? 2 : 1;
    if (cls === SPACE) continue;
    if (cls === OTHER) {
      count += 1;
      continue;
    }
    while (i < n) {
      const next = classAt(text, i);
      if ((next & 7) !== cls) break;
      i += next & 8 ? 2 : 1;
    }
    const length = i - start;
    count += length <= 6 ? 1 : Math.ceil(length / 5);
    const unit = text.charCodeAt(start);
    if (unit >= 48 && unit <= 57) count += Math.floor((length - 1) / 3);
  }
  return count;
}
