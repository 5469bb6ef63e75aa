// Run ids as NATS subject tokens. A token may not contain '.', '*', '>' or whitespace (they would add
// levels or wildcards), so anything outside [A-Za-z0-9_-] is percent-encoded: the mapping is
// one-to-one and no run id can reach another run's subject or a wildcard.
const SAFE = /^[A-Za-z0-9_-]+$/;
export const MAX_RUN_ID_LENGTH = 256;

export function runIdToken(runId: string): string {
  if (runId.length === 0 || runId.length > MAX_RUN_ID_LENGTH) throw new Error(`stream bus: a run id has 1 to ${MAX_RUN_ID_LENGTH} characters`);
  if (SAFE.test(runId)) return runId;
  let out = '';
  for (const ch of runId) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function runSubject(prefix: string, runId: string): string {
  return `${prefix}.${runIdToken(runId)}`;
}
