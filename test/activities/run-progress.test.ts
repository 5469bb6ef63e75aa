// recordProgress: a workflow issues its progress writes without waiting for the one before, so the
// activity applies one run's writes in the order they arrive, whatever each store call takes.
import { describe, expect, it } from 'vitest';
import { recordProgress } from '../../activities/runs';

const write = (runId: string, id: number) => ({ runId, events: [{ id, type: 'step.started', at: new Date().toISOString(), data: {} }], steps: [] });

function recordingStore(delayFor: (firstEventId: number) => number) {
  const applied: string[] = [];
  const store = {
    runs: {
      async recordProgress(runId: string, p: { events: Array<{ id: number }> }) {
        await new Promise((r) => setTimeout(r, delayFor(p.events[0].id)));
        applied.push(`${runId}:${p.events[0].id}`);
      },
    },
  };
  return { store, applied };
}

describe('recordProgress', () => {
  it('applies one run\'s writes in arrival order though the first is the slowest', async () => {
    const { store, applied } = recordingStore((id) => (id === 1 ? 200 : 5));
    await Promise.all([1, 2, 3].map((id) => recordProgress({ store }, write('run_a', id))));
    expect(applied).toEqual(['run_a:1', 'run_a:2', 'run_a:3']);
  });

  it('does not hold one run\'s writes behind another run\'s', async () => {
    const { store, applied } = recordingStore((id) => (id === 1 ? 200 : 5));
    await Promise.all([recordProgress({ store }, write('run_slow', 1)), recordProgress({ store }, write('run_fast', 2))]);
    expect(applied).toEqual(['run_fast:2', 'run_slow:1']);
  });

  it('goes on after a failed write: its retry arrives later, the writes after it do not wait for it', async () => {
    let failed = false;
    const applied: number[] = [];
    const store = {
      runs: {
        async recordProgress(_runId: string, p: { events: Array<{ id: number }> }) {
          if (p.events[0].id === 1 && !failed) {
            failed = true;
            throw new Error('store down');
          }
          applied.push(p.events[0].id);
        },
      },
    };
    const results = await Promise.allSettled([recordProgress({ store }, write('run_b', 1)), recordProgress({ store }, write('run_b', 2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    await recordProgress({ store }, write('run_b', 1));
    expect(applied).toEqual([2, 1]);
  });
});
