import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';

/** A place documents come from: list them cheaply, read one at a time. */
export interface DocumentSource {
  readonly kind: string;
  list(signal?: AbortSignal): Promise<SourceEntry[]>;
  read(entry: SourceEntry, signal?: AbortSignal): Promise<SourceDocument>;
}

export class SourceAccessError extends Error {
  readonly code = 'source_access_denied';
  constructor(message: string) {
    super(message);
    this.name = 'SourceAccessError';
  }
}
