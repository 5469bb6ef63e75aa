// Open-loop arrivals for bench/load.ts: requests are scheduled by a Poisson process at a fixed
// offered rate, independent of how fast earlier ones were answered, so a slow server cannot slow
// the generator down and hide its own queueing (coordinated omission). A lane caps the requests in
// flight; arrivals beyond the cap wait in a bounded FIFO and still count their wait, because every
// latency is measured from the scheduled time, never from the actual send.

/** Deterministic uniform [0, 1) numbers (mulberry32), so a schedule can be replayed with LOAD_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LaneStats {
  /** Arrivals scheduled (offered). */
  offered: number;
  /** Requests that ended (either way). */
  finished: number;
  /** Arrivals refused because the lane's backlog was full: counted as errors. */
  shed: number;
  /** Most requests in flight at once. */
  peakInFlight: number;
}

/** Runs `send(scheduledAt, item)` for each submitted arrival with at most `cap` in flight. */
export class Lane<T = void> {
  readonly stats: LaneStats = { offered: 0, finished: 0, shed: 0, peakInFlight: 0 };
  private inFlight = 0;
  private readonly backlog: { at: number; item: T }[] = [];

  constructor(
    readonly name: string,
    private readonly cap: number,
    private readonly maxBacklog: number,
    private readonly send: (scheduledAt: number, item: T) => Promise<void>,
    private readonly onError: (err: Error) => void,
  ) {}

  /** An arrival scheduled at `at` (performance.now() clock). */
  submit(at: number, item: T): void {
    this.stats.offered++;
    if (this.inFlight < this.cap) this.launch(at, item);
    else if (this.backlog.length < this.maxBacklog) this.backlog.push({ at, item });
    else {
      this.stats.shed++;
      this.onError(new Error(`${this.name}: ${this.cap} in flight and ${this.maxBacklog} waiting, arrival shed`));
    }
  }

  /** Resolves once nothing is in flight or waiting. */
  async drained(): Promise<void> {
    while (this.inFlight > 0 || this.backlog.length > 0) await sleep(10);
  }

  private launch(at: number, item: T): void {
    this.inFlight++;
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.inFlight);
    this.send(at, item)
      .catch((err: Error) => this.onError(err))
      .finally(() => {
        this.inFlight--;
        this.stats.finished++;
        const next = this.backlog.shift();
        if (next) this.launch(next.at, next.item);
      });
  }
}

/** Submits Poisson arrivals at `ratePerSecond` to `lane` from now for `seconds`. */
export async function poissonArrivals(lane: Lane<void>, ratePerSecond: number, seconds: number, random: () => number): Promise<void> {
  if (ratePerSecond <= 0) return;
  const start = performance.now();
  const end = start + seconds * 1000;
  const gap = () => (-Math.log(1 - random()) / ratePerSecond) * 1000;
  for (let at = start + gap(); at < end; at += gap()) {
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    lane.submit(at, undefined);
  }
}
