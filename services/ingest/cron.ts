// Cron expressions are checked before they reach Temporal (whose refusal would surface as a 500):
// five fields (minute hour day-of-month month day-of-week) or one of the @ shorthands.
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const EVERY = /^@every\s+(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

function value(text: string, field: Field): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return named < 0 ? undefined : named + field.min;
}

function itemProblem(item: string, field: Field): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === '') return `bad ${field.name} "${item}"`;
  if (step !== undefined && !(/^\d{1,2}$/.test(step) && Number(step) > 0)) return `bad step in ${field.name} "${item}"`;
  if (range === '*' || (range === '?' && field.name.startsWith('day'))) return undefined;
  const [from, to, more] = range.split('-');
  const low = value(from, field);
  const high = to === undefined ? low : value(to, field);
  if (more !== undefined || low === undefined || high === undefined || high < low) {
    return `${field.name} "${item}" is outside ${field.min}-${field.max}`;
  }
  return undefined;
}

/** Why an expression is not a cron Keel accepts, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) return MACROS.has(trimmed) || EVERY.test(trimmed) ? undefined : `unknown shorthand "${trimmed}"`;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (const [i, text] of fields.entries()) {
    for (const item of text.split(',')) {
      const problem = itemProblem(item, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Whether the runtime knows the IANA time zone. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
