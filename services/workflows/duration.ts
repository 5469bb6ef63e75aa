// Durations as definitions write them: `500ms`, `30s`, `5m`, `1h30m`, `2d`. Pure (workflow code
// turns them into timers).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d{1,6}(?:ms|s|m|h|d))+$/;
const PART = /(\d{1,6})(ms|s|m|h|d)/g;

/** The longest duration a definition may name anywhere: a year. */
export const MAX_DURATION_MS = 365 * UNIT_MS.d;

/** Milliseconds of a duration text, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text.length > 64 || !DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit];
  return ms;
}

/** Why a text is not a usable duration, or undefined when it is. */
export function durationProblem(text: string): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return `"${text}" is not a duration (write e.g. 500ms, 30s, 5m, 1h30m, 2d)`;
  if (ms <= 0) return 'a duration must be longer than zero';
  if (ms > MAX_DURATION_MS) return 'a duration may be at most 365d';
  return undefined;
}
