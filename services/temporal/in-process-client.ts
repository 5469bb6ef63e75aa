// The client of a process that also runs the workers (`keel start`): built on the workers'
// NativeConnection, it asks for eager workflow start, so the server hands a new workflow's first
// task back with the start response, to a worker of this process, instead of through a poll: one
// matching round trip less before a run's first model call. Without a free local worker slot the
// server dispatches as usual.
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';

export const eagerStartInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
};

export function inProcessClient(connection: NativeConnection, namespace: string, dataConverter: DataConverter): Client {
  return new Client({ connection, namespace, dataConverter, interceptors: { workflow: [eagerStartInterceptor] } });
}
