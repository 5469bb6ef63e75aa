import { DomainError } from '../../errors';
import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';

/** A place documents come from: list them cheaply, read one at a time. */
export interface DocumentSource {
  readonly kind: string;
  list(signal?: AbortSignal): Promise<SourceEntry[]>;
  read(entry: SourceEntry, signal?: AbortSignal): Promise<SourceDocument>;
}

/** A source outside what the operator allows (a directory outside the allowed roots, …). */
export class SourceAccessError extends DomainError {
  constructor(message: string) {
    super('invalid', 'source_not_allowed', message);
  }
}
