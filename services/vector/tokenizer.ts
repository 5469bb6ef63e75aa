// The one text analyzer behind every sparse (BM25) vector, in both adapters and at query time.
// It follows Lucene's EnglishAnalyzer (what Anserini's BM25 baselines use): Unicode word split,
// possessive removal, lowercase, the English stop set, Porter stemming.
import { porterStem } from './porter';

/** Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it',
  'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they',
  'this', 'to', 'was', 'will', 'with',
]);

// A word: letters/digits/marks, joined across inner apostrophes, periods, commas and underscores
// the way Unicode word segmentation keeps "1,000", "3.5" and "don't" whole.
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’._,][\p{L}\p{N}\p{M}]+)*/gu;
const MAX_TOKEN_LENGTH = 255;

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = /^[a-z]+$/.test(word) ? porterStem(word) : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Analyze text into index terms, in order, duplicates kept. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    let word = match[0].toLowerCase();
    if (word.length > MAX_TOKEN_LENGTH) continue;
    if (word.endsWith("'s") || word.endsWith('’s')) word = word.slice(0, -2);
    // Lucene's StandardTokenizer drops a trailing period or comma; ours never matches one.
    if (word.length === 0 || ENGLISH_STOP_WORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}
