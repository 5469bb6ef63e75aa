// Every activity the worker registers, built over the services they call.
import type { ModelRouter } from '../services/router/types';
import type { McpPool } from '../services/mcp';
import type { Store } from '../services/store';
import { modelActivities } from './model';
import { toolActivities, type ToolServerResolver } from './tools';
import { runActivities } from './runs';

export interface ActivityDeps {
  router: ModelRouter;
  mcp: McpPool;
  store: Store;
  resolveServer: ToolServerResolver;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...modelActivities(deps),
    ...toolActivities(deps),
    ...runActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ToolServerResolver } from './tools';
