// How AgentRunWorkflow runs a tool call. Tool calls run as local activities: inside the workflow
// task that decided them, with no server round trip to schedule and complete each one, which
// halves Temporal's cost per agent step. The price: while a tool call runs, queries,
// cancellation and timers wait for the task's next heartbeat (80% of the task timeout, 8 s by
// default). The timeout covers the MCP pool's connect (20 s) and call (60 s) limits.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { hasFeature } from '../features';
import type { AgentActivities } from '../../activities/types';

const retry = { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes: ['ToolCallRejected'] };

export const localToolActivities = proxyLocalActivities<Pick<AgentActivities, 'callTool'>>({ startToCloseTimeout: '2 minutes', retry });

/** Runs started before tool calls became local replay with the activities they scheduled. */
export const remoteToolActivities = proxyActivities<Pick<AgentActivities, 'callTool'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry,
});

export const callTool: AgentActivities['callTool'] = (input) =>
  (hasFeature('tool-calls-as-local-activities') ? localToolActivities : remoteToolActivities).callTool(input);
