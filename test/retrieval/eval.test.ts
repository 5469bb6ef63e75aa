import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEvalCommand, runRetrievalEval } from '../../services/cli/commands/eval';
import { mrrAt, ndcgAt, percentile, recallAt } from '../../services/retrieval/evaluation/metrics';
import { fakeRouter } from './fake-router';
import { startQdrantStandin, type QdrantStandin } from '../support/qdrant-standin';
import { keelCli } from '../support/keel-cli';

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

describe('keel eval retrieval on the configured vector backend', () => {
  let qdrant: QdrantStandin;
  beforeAll(async () => {
    qdrant = await startQdrantStandin();
  });
  afterAll(() => qdrant?.close());

  const evalRequests = () => qdrant.requests.filter((r) => /^\/collections\/keel_eval_/.test(r.path));
  const expectEvalRan = (queries: number) => {
    const requests = evalRequests();
    const created = requests.find((r) => r.method === 'PUT' && /^\/collections\/keel_eval_[a-z0-9]+$/.test(r.path));
    expect(created?.body.sparse_vectors).toEqual({ bm25: { modifier: 'idf' } });
    const collection = created!.path;
    expect(requests.filter((r) => r.method === 'PUT' && r.path === `${collection}/points`).flatMap((r) => r.body.points).length).toBeGreaterThan(3);
    // One warm-up query, then one per judged query.
    expect(requests.filter((r) => r.path === `${collection}/points/query`)).toHaveLength(queries + 1);
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', path: collection });
    expect(qdrant.collections.size).toBe(0);
    qdrant.requests.length = 0;
  };

  it('ingests into and searches Qdrant when vector.backend is qdrant, scoring as the embedded store does', async () => {
    const onQdrant = await runRetrievalEval({ dataset: MINI, mode: 'lexical', vector: { backend: 'qdrant', qdrant: { url: qdrant.url } } });
    expectEvalRan(3);
    const embedded = await runRetrievalEval({ dataset: MINI, mode: 'lexical' });
    expect(evalRequests()).toEqual([]);
    const { search_p50_ms: _a, search_p95_ms: _b, ...quality } = onQdrant;
    const { search_p50_ms: _c, search_p95_ms: _d, ...expected } = embedded;
    expect(quality).toEqual(expected);
  });

  it('`keel eval retrieval` reads the backend from the configuration (KEEL_VECTOR_BACKEND, QDRANT_URL)', async () => {
    const keel = keelCli(() => ({ url: 'http://127.0.0.1:9', key: 'unused' }));
    const result = await keel(['eval', 'retrieval', '--dataset', MINI, '--mode', 'lexical'], { KEEL_VECTOR_BACKEND: 'qdrant', QDRANT_URL: qdrant.url });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ queries: 3, 'recall@100': 1 });
    expect(result.stderr).toContain('vector store: qdrant');
    expectEvalRan(3);
  }, 60_000);
});
