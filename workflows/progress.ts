// A run's progress (events and touched step records) leaves the workflow through a local activity
// that writes the store and then publishes on the stream bus: no server round trip, and it never
// gives up (losing it would lose the run's events). Agent runs and registered workflows share it.
import { CancellationScope, proxyLocalActivities } from '@temporalio/workflow';

export interface RunProgressWrite {
  events: Array<{ id: number }>;
  steps: Array<{ index: number }>;
  usage?: Record<string, number>;
}

const { recordRunProgress } = proxyLocalActivities<{ recordRunProgress(input: RunProgressWrite & { runId: string }): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

/** Writes what happened in an activation once it settles; writes run one after another, in order. */
export class ProgressQueue {
  private chain: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(private readonly runId: string, private readonly take: () => RunProgressWrite) {}

  /** Called on every emitted event: the write happens once the current activation's code has run. */
  readonly queue = (): void => {
    if (this.queued) return;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      const write = this.take();
      if (write.events.length === 0 && write.steps.length === 0) return;
      // A cancelled run still records how it got there.
      await CancellationScope.nonCancellable(() => recordRunProgress({ runId: this.runId, ...write }));
    });
  };

  /** Resolves once every write queued so far is done. */
  settled(): Promise<void> {
    return this.chain;
  }
}
