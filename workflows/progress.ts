// A run's progress (events and touched step records) leaves the workflow through a local activity
// that writes the store and then publishes on the stream bus: no server round trip, and it never
// gives up (losing it would lose the run's events). Agent runs and registered workflows share it.
import { CancellationScope, patched, proxyLocalActivities } from '@temporalio/workflow';

export interface RunProgressWrite {
  events: Array<{ id: number }>;
  steps: Array<{ index: number }>;
  usage?: Record<string, number>;
}

const { recordRunProgress } = proxyLocalActivities<{ recordRunProgress(input: RunProgressWrite & { runId: string }): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

/**
 * Writes what happened in an activation once its code has run: one write per activation that
 * emitted something, issued at once. When a write is issued depends only on what the workflow did,
 * never on when an earlier write ended: a replay hands the workflow local activity results grouped
 * differently from the live run, and must issue the same writes. The activity keeps a run's writes
 * in order (activities/runs.ts), and readers wait for a gap in event ids to fill.
 */
export class ProgressQueue {
  private queued = false;
  private scheduled: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  // Histories recorded before chained each write behind the previous one: they replay that way.
  private readonly perActivation = patched('progress-write-per-activation');
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly runId: string, private readonly take: () => RunProgressWrite) {}

  /** Called on every emitted event: the write happens once the current activation's code has run. */
  readonly queue = (): void => {
    if (this.queued) return;
    this.queued = true;
    if (!this.perActivation) {
      this.chain = this.chain.then(() => this.write());
      return;
    }
    this.scheduled = Promise.resolve().then(() => {
      const written = this.write();
      this.inFlight.add(written);
      const done = () => void this.inFlight.delete(written);
      written.then(done, done);
    });
  };

  /** Resolves once every write queued so far is done. */
  settled(): Promise<void> {
    if (!this.perActivation) return this.chain;
    return this.scheduled.then(() => Promise.all([...this.inFlight])).then(() => undefined);
  }

  private async write(): Promise<void> {
    this.queued = false;
    const write = this.take();
    if (write.events.length === 0 && write.steps.length === 0) return;
    // A cancelled run still records how it got there.
    await CancellationScope.nonCancellable(() => recordRunProgress({ runId: this.runId, ...write }));
  }
}
