// A run's progress (events and touched step records) leaves the workflow through a local activity
// that writes the store and then publishes on the stream bus: no server round trip, and it never
// gives up (losing it would lose the run's events). Agent runs and registered workflows share it.
import { CancellationScope, proxyLocalActivities } from '@temporalio/workflow';
import { hasFeature } from './features';

export interface RunProgressWrite {
  events: Array<{ id: number }>;
  steps: Array<{ index: number }>;
  usage?: Record<string, number>;
  /** On a run's first write when the run service recorded the run: the write starts its trace (services/tracing). */
  tenantId?: string;
}

const { recordRunProgress } = proxyLocalActivities<{ recordRunProgress(input: RunProgressWrite & { runId: string }): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

/**
 * Issues a run's progress writes. Which write carries an event is decided when the event is
 * emitted, never by when something else happened to end: a replay hands the workflow the results
 * of local activities (tool calls, earlier writes) grouped differently from the live run, and must
 * issue the same writes in the same order. So every event emitted to be recorded now is one write,
 * issued at once with the events held for it (`record: 'with-next'`) and the step records touched
 * since. The activity keeps a run's writes in order (activities/runs.ts), and readers wait for a
 * gap in event ids to fill.
 */
export class ProgressQueue {
  // Histories recorded before chained each write behind the previous one: they replay that way.
  readonly perEvent = hasFeature('progress-write-per-event');
  private chain: Promise<void> = Promise.resolve();
  private chained = false;
  private readonly inFlight = new Set<Promise<void>>();
  // A cancelled run still records how it got there: every write runs in this scope, made once.
  private readonly shield = new CancellationScope({ cancellable: false });

  constructor(private readonly runId: string, private readonly take: () => RunProgressWrite) {}

  /** Called on every event emitted to be recorded now. */
  readonly queue = (): void => {
    if (this.perEvent) this.issue();
    else this.queueChained();
  };

  /** No write in flight (writes per event). */
  get idle(): boolean {
    return this.perEvent && this.inFlight.size === 0;
  }

  /** Resolves once every write issued so far is done. */
  settled(): Promise<void> {
    if (!this.perEvent) return this.chain;
    return Promise.all([...this.inFlight]).then(() => undefined);
  }

  private issue() {
    const written = this.write();
    if (!written) return;
    this.inFlight.add(written);
    const done = () => void this.inFlight.delete(written);
    written.then(done, done);
  }

  /** The earlier way: one write once the activation's code has run, after the previous write ended. */
  private queueChained() {
    if (this.chained) return;
    this.chained = true;
    this.chain = this.chain.then(async () => {
      this.chained = false;
      const written = this.write();
      if (!written) return;
      await written;
    });
  }

  /** What the journal holds for a write, written (undefined: nothing to write). */
  private write(): Promise<void> | undefined {
    const write = this.take();
    if (write.events.length === 0 && write.steps.length === 0) return undefined;
    return this.shield.run(() => recordRunProgress({ runId: this.runId, ...write }));
  }
}
