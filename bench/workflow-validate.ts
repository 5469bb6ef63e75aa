// How long validating a big workflow definition takes (the language's share of the `workflow`
// benchmark's goal: a 200-step definition in ≤ 50 ms). Each round validates a fresh definition
// (every id and expression new, so nothing is served from the expression cache), as YAML text
// (line:column included) and as a parsed value.
// Prints {"steps","rounds","validate_ms_p50","validate_ms_p95","validate_text_ms_p50","validate_cold_ms"} last.
import { stringify } from 'yaml';
import { largeDefinition, validateDefinition, validateDefinitionText } from '../services/workflows';
import { pct, round } from './support/stats';

const STEPS = Number(process.env.BENCH_STEPS ?? 200);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 30);


function timed(f: () => { ok: boolean }): number {
  const started = performance.now();
  const result = f();
  const ms = performance.now() - started;
  if (!result.ok) throw new Error('the benchmark definition is not valid');
  return ms;
}

const cold = timed(() => validateDefinition(largeDefinition(STEPS, 'c')));
const values: number[] = [];
const texts: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const value = largeDefinition(STEPS, `v${i}`);
  values.push(timed(() => validateDefinition(value)));
  const text = stringify(largeDefinition(STEPS, `t${i}`));
  texts.push(timed(() => validateDefinitionText(text)));
}
console.log(
  JSON.stringify({
    steps: STEPS,
    rounds: ROUNDS,
    validate_ms_p50: round(pct(values, 50)),
    validate_ms_p95: round(pct(values, 95)),
    validate_text_ms_p50: round(pct(texts, 50)),
    validate_cold_ms: round(cold),
  }),
);
