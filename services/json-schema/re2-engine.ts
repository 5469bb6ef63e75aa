// Ajv's regular-expression engine for schemas tenants write: RE2 semantics (linear time in the
// input, no backreferences or lookaround), so a `pattern` can never stall the event loop.
import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';

/** Compiles an ECMA-262 pattern (as JSON Schema writes them) for RE2; throws when RE2 cannot run it. */
export function compileLinear(pattern: string): { test(input: string): boolean } {
  const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  return { test: (input) => compiled.test(input) };
}

/** Why RE2 refuses a pattern, or undefined when it compiles. */
export function linearPatternError(pattern: string): string | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

// Ajv shares one compiled pattern per `toString()` across schemas, so it must name the pattern.
export const re2Engine: RegExpEngine = Object.assign(
  (pattern: string) => ({ ...compileLinear(pattern), toString: () => `re2:${pattern}` }),
  { code: 're2' },
);
