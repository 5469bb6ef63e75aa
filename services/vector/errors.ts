export class CollectionNotFoundError extends Error {
  readonly code = 'collection_not_found';
  constructor(readonly collection: string) {
    super(`collection ${collection} does not exist`);
    this.name = 'CollectionNotFoundError';
  }
}

export class CollectionMismatchError extends Error {
  readonly code = 'collection_mismatch';
  constructor(
    readonly collection: string,
    readonly expectedDimension: number | undefined,
    readonly actualDimension: number | undefined,
  ) {
    super(`collection ${collection} has dense dimension ${expectedDimension ?? 'none'}, got ${actualDimension ?? 'none'}`);
    this.name = 'CollectionMismatchError';
  }
}
