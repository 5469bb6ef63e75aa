// Reads one trace, in the local shape, from the local store or from Langfuse.
import { DomainError } from '../errors';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { TracingConfigSchema, type TracingConfig, type TracingConfigInput } from './config';
import { readLangfuseTrace } from './langfuse-reader';
import { LocalTraceStore } from './local-store';
import type { TraceSource, TraceWithObservations } from './types';

export interface ReadTraceOptions {
  from: TraceSource;
  config?: TracingConfigInput | TracingConfig;
  /** Base for a relative local store path (the `.keel` data dir). */
  dataDir?: string;
  /** An already open store, e.g. `recorder.localStore`. */
  store?: LocalTraceStore;
}

export class TraceSourceUnavailableError extends DomainError {
  constructor(message: string) {
    super('conflict', 'source_unavailable', message);
  }
}

/** Resolves to null when the trace does not exist; rejects when the source cannot be read. */
export async function readTrace(traceId: string, options: ReadTraceOptions): Promise<TraceWithObservations | null> {
  const config = TracingConfigSchema.parse(options.config ?? {});
  if (options.from === 'langfuse') {
    if (!config.langfuse.publicKey || !config.langfuse.secretKey) {
      throw new TraceSourceUnavailableError('Langfuse is not configured (LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY)');
    }
    return readLangfuseTrace(traceId, config.langfuse);
  }
  if (options.store) return options.store.readTrace(traceId);
  const path = isAbsolute(config.localStore.path)
    ? config.localStore.path
    : join(options.dataDir ?? '.keel', config.localStore.path);
  if (!existsSync(path)) return null;
  const store = new LocalTraceStore(path);
  try {
    return store.readTrace(traceId);
  } finally {
    store.close();
  }
}
