// Deterministic W3C trace/span ids. Pure (no Node built-ins) so workflows can compute the same
// ids the activities record: a retried activity re-records the SAME observation id, and the
// exporter/local store upsert by id, so retries never duplicate observations.

const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

/** FNV-1a over UTF-16 code units (two bytes each), 128 bits, as 32 lowercase hex chars. */
function fnv1a128Hex(text: string): string {
  let hash = FNV128_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    hash = ((hash ^ BigInt(unit & 0xff)) * FNV128_PRIME) & MASK128;
    hash = ((hash ^ BigInt(unit >> 8)) * FNV128_PRIME) & MASK128;
  }
  // One extra round folds the short-input tail into the high bits that span ids keep.
  hash = ((hash ^ (hash >> 64n)) * FNV128_PRIME) & MASK128;
  return hash.toString(16).padStart(32, '0');
}

/** W3C forbids all-zero ids; the chance is negligible but the rule is cheap to keep. */
function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

export const TRACE_ID_PATTERN = /^[0-9a-f]{32}$/;
export const OBSERVATION_ID_PATTERN = /^[0-9a-f]{16}$/;

/** The trace id of a run: 32 hex chars derived from the Temporal workflow id. */
export function traceIdForWorkflow(workflowId: string): string {
  return nonZero(fnv1a128Hex(`keel/trace/${workflowId}`));
}

/**
 * A stable observation id (16 hex chars) for one step of a trace. `key` names the step
 * uniquely within the trace, e.g. `model:3`, `tool:3:0`, `retrieval:1`.
 */
export function observationId(traceId: string, key: string): string {
  return nonZero(fnv1a128Hex(`keel/observation/${traceId}/${key}`).slice(0, 16));
}

/** The run's own (agent) observation: the root of the trace tree. */
export function rootObservationId(traceId: string): string {
  return observationId(traceId, 'root');
}
