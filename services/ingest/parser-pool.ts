// Untrusted documents are parsed in worker threads with a time limit, a heap limit and a cap on
// the text they yield: a parser that hangs, loops or balloons fails that document (the worker is
// terminated and replaced), never the job or the process.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseReply, ParseRequest } from './parse-worker';
import type { SourceDocument } from './parse';
import type { ParsedDocument } from './types';

export interface ParserPoolOptions {
  /** Worker threads parsing at once (default 2). */
  workers?: number;
  /** Per document (default 60 s). */
  timeoutMs?: number;
  /** V8 heap of each worker (default 512 MiB). */
  maxMemoryMb?: number;
  /** Characters of extracted text per document (default 32 Mi). */
  maxTextChars?: number;
}

export class DocumentParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentParseError';
  }
}

interface Task {
  source: SourceDocument;
  resolve(document: ParsedDocument): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task?: { id: number; settle(reply: ParseReply | { id: number; error: string; fatal: true }): void };
}

/** Under tsx (development, tests) the entry is TypeScript and the worker registers tsx itself. */
function startWorker(resourceLimits: { maxOldGenerationSizeMb: number }): Worker {
  if (__filename.endsWith('.ts')) {
    const require = createRequire(__filename);
    const code = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(join(__dirname, 'parse-worker.ts'))});`;
    return new Worker(code, { eval: true, resourceLimits });
  }
  return new Worker(join(__dirname, 'parse-worker.js'), { resourceLimits });
}

export class DocumentParserPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;
  private readonly maxTextChars: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: ParserPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? 2);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxMemoryMb = options.maxMemoryMb ?? 512;
    this.maxTextChars = options.maxTextChars ?? 32 * 1024 * 1024;
  }

  parse(source: SourceDocument): Promise<ParsedDocument> {
    if (this.closed) return Promise.reject(new DocumentParseError('the parser pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ source, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new DocumentParseError('the parser pool is closed'));
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
    this.slots.clear();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => !s.task) ?? (this.slots.size < this.size ? this.spawn() : undefined);
      if (!slot) return;
      this.run(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker({ maxOldGenerationSizeMb: this.maxMemoryMb }) };
    slot.worker.unref(); // an idle parser never keeps the process alive
    slot.worker.on('message', (reply: ParseReply) => slot.task?.settle(reply));
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const reason = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the parser exceeded its ${this.maxMemoryMb} MiB memory limit` : `the parser crashed: ${err.message}`;
      slot.task?.settle({ id: slot.task.id, error: reason, fatal: true });
    });
    slot.worker.on('exit', () => {
      this.slots.delete(slot);
      slot.task?.settle({ id: slot.task.id, error: 'the parser exited', fatal: true });
      if (!this.closed) this.dispatch();
    });
    this.slots.add(slot);
    return slot;
  }

  private run(slot: Slot, task: Task): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      slot.task?.settle({ id, error: `parsing took longer than ${this.timeoutMs} ms`, fatal: true });
    }, this.timeoutMs);
    slot.task = {
      id,
      settle: (reply) => {
        if (reply.id !== id || slot.task?.id !== id) return;
        clearTimeout(timer);
        slot.task = undefined;
        if ('document' in reply) task.resolve(reply.document);
        else task.reject(new DocumentParseError(`cannot parse ${task.source.uri}: ${reply.error}`));
        if ('fatal' in reply) {
          // A hung or exhausted worker is not reused.
          this.slots.delete(slot);
          void slot.worker.terminate();
        }
        this.dispatch();
      },
    };
    const request: ParseRequest = { id, source: task.source, maxTextChars: this.maxTextChars };
    slot.worker.postMessage(request);
  }
}

let shared: DocumentParserPool | undefined;

/** The process-wide pool the ingestion pipeline and the fetch tool parse untrusted documents in. */
function sharedParserPool(): DocumentParserPool {
  shared ??= new DocumentParserPool();
  return shared;
}

export const parseUntrustedDocument = (source: SourceDocument): Promise<ParsedDocument> => sharedParserPool().parse(source);
