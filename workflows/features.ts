// Which changes made behind Temporal patches a run has. A run started on today's code has all of
// them under one marker: each marker costs the run's first workflow task a history event and a
// search-attribute upsert, which the server writes before the task's first activity is scheduled.
// A history recorded before the baseline replays each feature's own marker, as it was recorded.
import { patched } from '@temporalio/workflow';

/** The marker a run started on this code records once, standing for every feature in FEATURES. */
export const FEATURE_BASELINE = 'keel-features-2026-12';

/**
 * The patches the baseline stands for. A patch added later gets its own marker and joins the list
 * only with a new baseline id: a run started before it must not be taken to have it.
 */
export const FEATURES = [
  'run-progress-in-store',
  'claim-check-conversation',
  'run-started-with-first-step',
  'model-outage-window',
  'progress-with-model-call',
  'run-status-in-store',
  'tool-calls-as-local-activities',
  'child-agents',
  'budget-asks',
  'progress-write-per-event',
  'workflow-lean-steps',
  // Introduced with the baseline: no run has recorded its own marker.
  'workflow-sync-steps',
] as const;
export type Feature = (typeof FEATURES)[number];

// Module state is per workflow: Temporal evaluates this module anew for each run (it is not preloaded).
let baseline = false;

/** Called first by each workflow that uses `hasFeature`, before any other patch is checked. */
export function startFeatures(): void {
  baseline = patched(FEATURE_BASELINE);
}

/** Whether this run has `feature`: a run on the baseline has every feature without its own marker. */
export function hasFeature(feature: Feature): boolean {
  return baseline || patched(feature);
}
