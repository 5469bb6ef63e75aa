// Every activity the worker registers, built over the services they call.
import type { ModelRouter } from '../services/router/types';
import type { InProcessServers, McpPool } from '../services/mcp';
import type { Store } from '../services/store';
import type { StreamBus } from '../services/bus/types';
import type { BlobStore } from '../services/blobs';
import type { UsageRecorder } from '../services/usage';
import { conversationStore } from './conversation';
import { modelActivities } from './model';
import { toolActivities, type ToolServerResolver } from './tools';
import { runActivities } from './runs';
import { childRunActivities } from './child-runs';
import { replayTraceCache, type ReplayTraceReader } from './replay';
import { runCallUsage } from './usage';
import type { AgentActivities, ConversationActivities } from './types';

export interface ActivityDeps {
  router: ModelRouter;
  mcp: McpPool;
  store: Store;
  resolveServer: ToolServerResolver;
  /** MCP servers built into the worker (the tenant's knowledge collections). */
  builtinServers?: InProcessServers;
  /** Where run events and token deltas are published for the API's subscribers; without it runs only record them. */
  bus?: StreamBus;
  /** Reads original traces for replay runs; without it this worker fails replays. */
  readTrace?: ReplayTraceReader;
  /** Claim-checked conversations, tool results and answers (one store with ingestion's). */
  blobs?: BlobStore;
  /** Records each model call's usage once (services/usage); without it runs record none. */
  usage?: UsageRecorder;
}

export function createActivities(deps: ActivityDeps): AgentActivities & ConversationActivities {
  const replayTraces = replayTraceCache(deps.readTrace);
  // One per worker: the conversations its model calls rebuilt stay cached for the next call.
  const conversations = deps.blobs && conversationStore(deps.blobs);
  const usage = deps.usage && runCallUsage({ recorder: deps.usage, runs: deps.store.runs });
  return {
    ...modelActivities({ ...deps, replayTraces, conversations, usage }),
    ...toolActivities({ ...deps, replayTraces, conversations }),
    ...runActivities(deps),
    ...childRunActivities(deps),
  };
}

export type { ToolServerResolver } from './tools';
export type { ReplayTraceReader } from './replay';
