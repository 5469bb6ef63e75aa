// Applies masking to whole trace records: every free-form field (input, output, metadata,
// status messages, user and session ids). Ids, names, timings and usage pass through.
import type { MaskingMode } from './config';
import { maskString, maskValue, type MaskOptions } from './mask';
import type { Observation, Trace } from './types';

export function maskTrace(trace: Trace, mode: MaskingMode, salt: string, secrets: readonly string[] = []): Trace {
  const opts: MaskOptions = { mode, salt, secrets };
  return {
    ...trace,
    userId: trace.userId === undefined ? undefined : maskString(trace.userId, opts),
    sessionId: trace.sessionId === undefined ? undefined : maskString(trace.sessionId, opts),
    input: maskValue(trace.input, opts),
    output: maskValue(trace.output, opts),
    metadata: maskValue(trace.metadata, opts) as Record<string, unknown>,
  };
}

export function maskObservation(obs: Observation, mode: MaskingMode, salt: string, secrets: readonly string[] = []): Observation {
  const opts: MaskOptions = { mode, salt, secrets };
  return {
    ...obs,
    input: maskValue(obs.input, opts),
    output: maskValue(obs.output, opts),
    metadata: maskValue(obs.metadata, opts) as Record<string, unknown>,
    statusMessage: obs.statusMessage === undefined ? undefined : maskString(obs.statusMessage, opts),
  };
}
