// A real Temporal dev server (the CLI binary installed by scripts/setup.mjs) per test file.
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: inject('temporalCliPath') },
      extraArgs: [
        '--dynamic-config-value', 'matching.useNewMatcher=true',
        '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
        '--log-level', 'error',
      ],
    },
  });
}

export const workflowBundlePath = () => inject('workflowBundlePath');
