// The stream bus: how a run's events travel from the worker that produces them to the API replica
// that holds a subscriber. Pure types (workflows and activities may import them).

/**
 * One message on a run's stream.
 * - `event`: a durable run event (step started/finished, tool call, approval, run finished…). The
 *   store holds the same event under the same id before it is published, so a subscriber that
 *   missed it reads it from the store.
 * - `delta`: a piece of a model step's text as it streams. Not stored; the bus retains the run's
 *   recent deltas for a window (resume after a reconnect). `afterEventId` is the id of the durable
 *   event the delta follows (its step's `step.started`); `offset` is the number of characters of
 *   this step's text before `text`, so deltas concatenate into the exact text of the step.
 */
/** A durable run event as the store keeps it (the agents' and workflows' RunEvent fits). */
export interface StreamEvent {
  id: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export type RunStreamMessage =
  | { kind: 'event'; runId: string; event: StreamEvent }
  | { kind: 'delta'; runId: string; afterEventId: number; step: number; offset: number; text: string; at: string };

export interface BusSubscription {
  close(): Promise<void>;
}

export interface StreamBus {
  /** Resolves once the bus accepted the message (a broker acknowledged it). */
  publish(message: RunStreamMessage): Promise<void>;
  /** Messages of one run published from now on, in publish order, until closed. */
  subscribe(runId: string, onMessage: (message: RunStreamMessage) => void): Promise<BusSubscription>;
  /** The run's messages still in the retention window, oldest first (resume after a reconnect). */
  retained(runId: string): Promise<RunStreamMessage[]>;
  /** Resolves when a broker answers a round trip (readiness probes); absent for an in-process bus. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}
