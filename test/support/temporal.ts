// A real Temporal dev server (the CLI binary installed by scripts/setup.mjs) per test file.
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerArgs } from '../../services/temporal';

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: inject('temporalCliPath') },
      extraArgs: [...devServerArgs(), '--log-level', 'error'],
    },
  });
}

export const workflowBundlePath = () => inject('workflowBundlePath');
