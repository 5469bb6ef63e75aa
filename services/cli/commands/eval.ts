// `keel eval retrieval`: ingest a BEIR dataset through the ingestion code (parse -> chunk -> index)
// into a fresh collection, run every judged query through the retriever, print one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { documentPoints, embedPoints, ensureIngestCollection, parseDocument, type ChunkingOptions } from '../../ingest';
import {
  createRetriever, documentRanking, loadBeirDataset, mrrAt, ndcgAt, percentile, recallAt, routerEmbedder, type Embedder, type RetrievalConfig,
} from '../../retrieval';
import type { ModelRouter } from '../../router';
import { createVectorStore, VectorConfigSchema, type Bm25Params, type ChunkPoint, type SearchMode, type VectorConfigInput, type VectorStore } from '../../vector';

export interface RetrievalEvalOptions {
  dataset: string;
  qrels?: string;
  mode?: SearchMode;
  rerank?: boolean;
  /** A store to use as is; otherwise one is built from `vector`. */
  store?: VectorStore;
  /**
   * The `vector:` configuration, built by the platform's factory: Qdrant when configured (a fresh
   * collection there, dropped afterwards); the embedded store in a temporary directory, removed
   * afterwards, never the platform's own file.
   */
  vector?: VectorConfigInput;
  router?: ModelRouter;
  /** Dense/hybrid: embeds documents and queries (defaults to the router's retrieval.embeddingModel). */
  embedder?: Embedder;
  denseDimension?: number;
  retrieval?: Partial<RetrievalConfig>;
  chunking?: Partial<ChunkingOptions>;
  bm25?: Partial<Bm25Params>;
  /** Chunks fetched per query; documents rank at their best chunk. */
  candidates?: number;
  log?: (message: string) => void;
}

export interface RetrievalEvalResult {
  queries: number;
  'ndcg@10': number;
  'recall@100': number;
  'mrr@10': number;
  search_p50_ms: number;
  search_p95_ms: number;
}

const TENANT = 'eval';
const INGEST_BATCH = 256;

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export async function runRetrievalEval(options: RetrievalEvalOptions): Promise<RetrievalEvalResult> {
  const log = options.log ?? (() => {});
  const mode = options.mode ?? 'lexical';
  const dataset = await loadBeirDataset(options.dataset, options.qrels);
  const { store, ownDir, owned } = evalStore(options);
  const collection = `eval_${Date.now().toString(36)}`;
  log(`vector store: ${store.kind}`);
  try {
    const retriever = createRetriever({ store, router: options.router, embedder: options.embedder, config: { rerankByDefault: false, ...options.retrieval } });
    const embeddingModel = options.retrieval?.embeddingModel;
    const embedder =
      mode === 'lexical'
        ? undefined
        : (options.embedder ?? (options.router && embeddingModel ? routerEmbedder(options.router, embeddingModel, TENANT, 'batch') : undefined));
    if (mode !== 'lexical' && !embedder) throw new Error(`--mode ${mode} needs an embedding model (retrieval.embeddingModel)`);

    const started = performance.now();
    const points: ChunkPoint[] = [];
    for (const doc of dataset.corpus) {
      const parsed = await parseDocument({ uri: `beir:${doc.id}`, content: doc.text, mediaType: 'text/plain', title: doc.title });
      points.push(...documentPoints(doc.id, parsed, options.chunking));
    }
    const embedded: ChunkPoint[] = [];
    for (let i = 0; i < points.length; i += INGEST_BATCH) embedded.push(...(await embedPoints(points.slice(i, i + INGEST_BATCH), embedder)));
    const denseDimension = options.denseDimension ?? embedded[0]?.dense?.length;
    const info = await ensureIngestCollection(store, collection, embedded, { denseDimension, bm25: options.bm25 });
    for (let i = 0; i < embedded.length; i += INGEST_BATCH) await store.upsert(TENANT, collection, embedded.slice(i, i + INGEST_BATCH));
    log(`ingested ${dataset.corpus.length} documents as ${points.length} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s (avgDocLength ${info.bm25.avgDocLength.toFixed(1)})`);

    const judged = [...dataset.qrels.keys()].filter((id) => dataset.queries.has(id));
    const candidates = options.candidates ?? 150;
    const latencies: number[] = [];
    let ndcg = 0, recall = 0, mrr = 0;
    // One untimed query first: the embedded store builds its in-memory index once per collection version.
    if (judged.length > 0) await retriever.search(TENANT, { collection, query: dataset.queries.get(judged[0])!, mode, rerank: false, limit: 1 });
    for (const queryId of judged) {
      const judgments = dataset.qrels.get(queryId)!;
      const t0 = performance.now();
      const result = await retriever.search(TENANT, { collection, query: dataset.queries.get(queryId)!, mode, rerank: options.rerank ?? false, limit: candidates });
      latencies.push(performance.now() - t0);
      const ranking = documentRanking(result.chunks.map((c) => c.documentId));
      ndcg += ndcgAt(ranking, judgments, 10);
      recall += recallAt(ranking, judgments, 100);
      mrr += mrrAt(ranking, judgments, 10);
    }
    const n = Math.max(1, judged.length);
    return {
      queries: judged.length,
      'ndcg@10': round(ndcg / n),
      'recall@100': round(recall / n),
      'mrr@10': round(mrr / n),
      search_p50_ms: round(percentile(latencies, 50), 2),
      search_p95_ms: round(percentile(latencies, 95), 2),
    };
  } finally {
    await store.dropCollection(collection).catch(() => {});
    if (owned) await store.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  }
}

function evalStore(options: RetrievalEvalOptions): { store: VectorStore; ownDir?: string; owned: boolean } {
  if (options.store) return { store: options.store, owned: false };
  const config = VectorConfigSchema.parse(options.vector ?? {});
  if (config.backend !== 'embedded') return { store: createVectorStore(config), owned: true };
  const ownDir = mkdtempSync(join(tmpdir(), 'keel-eval-'));
  return { store: createVectorStore({ ...config, dataDir: ownDir }), ownDir, owned: true };
}

export interface EvalCommandDeps {
  /** Builds the router from keel.yaml when --rerank or a dense mode needs one. */
  makeRouter?: () => ModelRouter | Promise<ModelRouter>;
  /** Values, or functions read when the command runs (so other commands never load them). */
  retrieval?: Partial<RetrievalConfig> | (() => Partial<RetrievalConfig>);
  chunking?: Partial<ChunkingOptions> | (() => Partial<ChunkingOptions>);
  /** The `vector:` section: which backend the evaluation measures. */
  vector?: VectorConfigInput | (() => VectorConfigInput);
}

const valueOf = <T>(v: T | (() => T) | undefined): T | undefined => (typeof v === 'function' ? (v as () => T)() : v);

export function registerEvalCommand(program: Command, deps: EvalCommandDeps = {}): Command {
  const evalCommand = program.commands.find((c) => c.name() === 'eval') ?? program.command('eval').description('evaluate retrieval quality');
  evalCommand
    .command('retrieval')
    .description('ingest a BEIR dataset into a fresh collection of the configured vector store (vector.backend) and print {"queries","ndcg@10","recall@100","mrr@10","search_p50_ms","search_p95_ms"}')
    .requiredOption('--dataset <dir>', 'BEIR folder: corpus.jsonl[.gz], queries.jsonl, qrels/*.tsv')
    .option('--qrels <file>', 'qrels TSV (default qrels/test.tsv or qrels-test.tsv)')
    .option('--mode <mode>', 'lexical | dense | hybrid', 'lexical')
    .option('--rerank', 'rerank the top-N through the router', false)
    .option('--max-tokens <n>', 'chunk size in tokens', (v) => Number.parseInt(v, 10))
    .action(async (opts: { dataset: string; qrels?: string; mode: string; rerank: boolean; maxTokens?: number }) => {
      if (!['lexical', 'dense', 'hybrid'].includes(opts.mode)) throw new Error(`--mode must be lexical, dense or hybrid, not ${opts.mode}`);
      const needsRouter = opts.rerank || opts.mode !== 'lexical';
      if (needsRouter && !deps.makeRouter) throw new Error('--rerank and dense/hybrid modes need a configured model router');
      const router = needsRouter ? await deps.makeRouter!() : undefined;
      try {
        const result = await runRetrievalEval({
          dataset: opts.dataset,
          qrels: opts.qrels,
          mode: opts.mode as SearchMode,
          rerank: opts.rerank,
          router,
          retrieval: valueOf(deps.retrieval),
          chunking: { ...valueOf(deps.chunking), ...(opts.maxTokens ? { maxTokens: opts.maxTokens } : {}) },
          vector: valueOf(deps.vector),
          log: (m) => process.stderr.write(`${m}\n`),
        });
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        await router?.close();
      }
    });
  return evalCommand;
}
