import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerEvalCommand, runRetrievalEval } from '../../services/cli/commands/eval';
import { mrrAt, ndcgAt, percentile, recallAt } from '../../services/retrieval/evaluation/metrics';
import { fakeRouter } from './fake-router';

const MINI = join(__dirname, '..', 'fixtures', 'ingest', 'beir-mini');

describe('retrieval metrics', () => {
  it('computes graded nDCG, recall and MRR like pytrec_eval', () => {
    const judgments = new Map([['d2', 2], ['d1', 1], ['d9', 0]]);
    expect(ndcgAt(['d1', 'd2'], judgments, 10)).toBeCloseTo((1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(['d2', 'd1'], judgments, 10)).toBe(1);
    expect(ndcgAt(['x', 'd2'], judgments, 1)).toBe(0);
    expect(recallAt(['d9', 'd1', 'x'], judgments, 100)).toBe(0.5);
    expect(mrrAt(['d9', 'x', 'd1'], judgments, 10)).toBeCloseTo(1 / 3, 10);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([...Array(100).keys()], 95)).toBe(94);
  });
});

describe('keel eval retrieval', () => {
  it('ingests a BEIR folder and scores only judged queries', async () => {
    const result = await runRetrievalEval({ dataset: MINI, mode: 'lexical' });
    expect(result.queries).toBe(3);
    // q1 and q2 rank their judged documents ideally; q3's only relevant document comes second.
    expect(result['ndcg@10']).toBeCloseTo((1 + 1 + 1 / Math.log2(3)) / 3, 4);
    expect(result['mrr@10']).toBeCloseTo((1 + 1 + 0.5) / 3, 4);
    expect(result['recall@100']).toBe(1);
    expect(result.search_p95_ms).toBeGreaterThanOrEqual(result.search_p50_ms);
  });

  it('reads a gzipped corpus and a named qrels file; runs hybrid with a router', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-beir-'));
    try {
      writeFileSync(join(dir, 'corpus.jsonl.gz'), gzipSync(readFileSync(join(MINI, 'corpus.jsonl'))));
      copyFileSync(join(MINI, 'queries.jsonl'), join(dir, 'queries.jsonl'));
      mkdirSync(join(dir, 'judgments'));
      writeFileSync(join(dir, 'judgments', 'dev.tsv'), 'query-id\tcorpus-id\tscore\nq2\td3\t1\n');
      const router = fakeRouter();
      const result = await runRetrievalEval({
        dataset: dir, qrels: 'judgments/dev.tsv', mode: 'hybrid', router, retrieval: { embeddingModel: 'embedder' },
      });
      expect(result).toMatchObject({ queries: 1, 'ndcg@10': 1, 'recall@100': 1, 'mrr@10': 1 });
      expect(router.calls.embed.some((c) => c.inputType === 'document')).toBe(true);
      expect(router.calls.embed.find((c) => c.inputType === 'query')?.input).toEqual(['dams']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers `eval retrieval` on a commander program and prints one JSON line', async () => {
    const program = new Command().exitOverride();
    registerEvalCommand(program);
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'keel', 'eval', 'retrieval', '--dataset', MINI, '--mode', 'lexical']);
    } finally {
      spy.mockRestore();
      stderr.mockRestore();
    }
    expect(writes).toHaveLength(1);
    const line = JSON.parse(writes[0]);
    expect(Object.keys(line)).toEqual(['queries', 'ndcg@10', 'recall@100', 'mrr@10', 'search_p50_ms', 'search_p95_ms']);
    await expect(program.parseAsync(['node', 'keel', 'eval', 'retrieval', '--dataset', MINI, '--rerank'])).rejects.toThrow(/router/);
  });
});
