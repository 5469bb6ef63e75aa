// A Temporal client stand-in for API processes whose routes under test must not reach Temporal:
// it records every workflow-handle use (queries included) and answers each with an error.
import type { Client } from '@temporalio/client';

export interface CountingTemporalClient {
  client: Client;
  /** Every `client.workflow.*` call and handle method call, in order (e.g. `getHandle`, `handle.query`). */
  calls: string[];
}

export function countingTemporalClient(): CountingTemporalClient {
  const calls: string[] = [];
  const handle = new Proxy({}, {
    get: (_t, prop) => (...args: unknown[]) => {
      calls.push(`handle.${String(prop)}`);
      void args;
      return Promise.reject(new Error('no Temporal in this test'));
    },
  });
  const workflow = new Proxy({}, {
    get: (_t, prop) => (..._args: unknown[]) => {
      calls.push(String(prop));
      if (prop === 'getHandle') return handle;
      return Promise.reject(new Error('no Temporal in this test'));
    },
  });
  const client = new Proxy({}, {
    get: (_t, prop) => (prop === 'workflow' ? workflow : prop === 'then' ? undefined : new Proxy({}, { get: () => () => Promise.reject(new Error('no Temporal in this test')) })),
  }) as Client;
  return { client, calls };
}
