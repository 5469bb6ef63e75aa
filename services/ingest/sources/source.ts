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

/** What the platform tells sources about their tenant and its own files, beyond the config. */
export interface SourceAccess {
  /** Paths no directory source may read, contain or lie inside (the data dir, keel.yaml). */
  protectedPaths?: readonly string[];
  /** The tenant whose source this is, and its secrets (S3 credentials). */
  tenantId?: string;
  secret?: (tenantId: string, name: string) => Promise<string | undefined>;
}
