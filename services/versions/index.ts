// Public face of services/versions: versioned definitions' traffic (stable, canary, pin), for agents and registered workflows alike.
export * from './types';
export { pickVersion, bucketOf, percentToBasisPoints, VERSION_REASONS, type TrafficLabels, type VersionPick } from './policy';
export { versionService, labelsView, type VersionService } from './service';
export { changedPaths, unifiedYamlDiff, type PathChange } from './diff';
