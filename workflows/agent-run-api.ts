// The messages an agent run answers: shared by the workflow and its clients.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApprovalDecision, RunView } from '../services/agents/types';

/** Run state with the events after `afterEventId` (all when omitted). */
export const runViewQuery = defineQuery<RunView, [number?]>('runView');

/** Approve or reject a pending tool call; resolves once the decision is recorded. */
export const decideApprovalUpdate = defineUpdate<{ accepted: true }, [ApprovalDecision]>('decideApproval');
