import { DomainError } from '../errors';

export class CollectionNotFoundError extends DomainError {
  constructor(readonly collection: string) {
    super('not_found', 'not_found', `collection ${collection} not found`);
  }
}

export class CollectionMismatchError extends DomainError {
  constructor(
    readonly collection: string,
    readonly expectedDimension: number | undefined,
    readonly actualDimension: number | undefined,
  ) {
    super('conflict', 'collection_mismatch', `collection ${collection} has dense dimension ${expectedDimension ?? 'none'}, got ${actualDimension ?? 'none'}`);
  }
}
