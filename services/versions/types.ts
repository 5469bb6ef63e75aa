// What the versions service speaks: the kinds of versioned definitions and the labels as callers see them.
import { z } from 'zod';
import type { VersionReason } from './policy';

export const DEFINITION_KINDS = ['agent', 'workflow'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

/** A name's traffic labels with the canary's share as a percentage (0–100, one decimal). */
export interface Labels {
  stable: number;
  canary: { version: number; percent: number } | null;
  pinned: number | null;
  /** Earlier stables, oldest first: `rollback` without a version returns to the last. */
  previousStable: number[];
}

export interface VersionEntry {
  name: string;
  version: number;
  digest: string;
  createdAt: string;
  /** The labels this version carries: any of stable, canary, pinned. */
  labels: Array<'stable' | 'canary' | 'pinned'>;
}

/** A canary percentage: 0–100, an integer or one decimal. */
export const CanaryPercentSchema = z.number().min(0).max(100).refine((p) => Math.abs(p * 10 - Math.round(p * 10)) < 1e-9, 'at most one decimal');

/** What registering a new version may also do with traffic: make it stable, or a canary with a share. */
export interface RegisterTraffic {
  stable?: boolean;
  canary?: number;
}

export type { VersionReason };
