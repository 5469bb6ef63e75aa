// What the benchmarks share: percentiles, rounding, and the scripted vLLM stand-in in its own
// process (so its work stays off the process being measured).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The p-th percentile (nearest rank) of xs. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** test/support/scripted-model.ts serving `model` (with `maxModelLen` tokens of context), as a child process; resolves with its URL. */
export async function startScriptedModel(model: string, maxModelLen?: number): Promise<{ url: string; close(): void }> {
  const args = ['--model', model, ...(maxModelLen ? ['--max-model-len', String(maxModelLen)] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../test/support/scripted-model.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    child.stdout!.once('data', (d) => ok(String(d).trim()));
    child.once('exit', (code) => fail(new Error(`model stand-in exited with ${code}`)));
  });
  // A benchmark that fails exits without closing it: the stand-in must not outlive it.
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  return {
    url,
    close: () => {
      process.off('exit', killOnExit);
      child.kill();
    },
  };
}
