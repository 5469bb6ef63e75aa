// startChildRun: a parent run calls a child agent. Resolving and recording it is services/agents'
// work; an agent that does not exist (any more) is not retried.
import { ApplicationFailure } from '@temporalio/activity';
import type { Store } from '../services/store';
import { DomainError } from '../services/errors';
import { prepareChildRun } from '../services/agents';
import type { AgentActivities } from './types';

export function childRunActivities(deps: { store: Store }): Pick<AgentActivities, 'startChildRun'> {
  return {
    async startChildRun(input) {
      try {
        return await prepareChildRun(deps.store, input);
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'not_found') throw ApplicationFailure.nonRetryable(err.message, 'ChildAgentUnavailable');
        throw err;
      }
    },
  };
}
