// The messages a registered workflow's run answers besides those it shares with agent runs
// (runViewQuery, decideApprovalUpdate in agent-run-api.ts): the signal a `wait` step waits for.
import { defineSignal } from '@temporalio/workflow';

/** Delivers `payload` to a `wait` step waiting for `name` (kept until one does, in arrival order). */
export const workflowSignal = defineSignal<[{ name: string; payload?: unknown }]>('workflowSignal');
