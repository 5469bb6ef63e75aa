// Values stored by reference (StoredValue: too large for workflow history) loaded back where
// they are needed whole: expressions that read them, a run's recorded outputs.
import type { BlobStore } from '../services/blobs';
import { getJson } from '../services/blobs';
import { isStoredValue } from '../services/workflows';

/** `value` with every StoredValue in it (at any depth) replaced by what it stands for. */
export async function loadStored(value: unknown, blobs: BlobStore): Promise<unknown> {
  if (isStoredValue(value)) return value.json ? getJson(blobs, value.$blob) : (await blobs.get(value.$blob)).toString('utf8');
  if (Array.isArray(value)) return Promise.all(value.map((v) => loadStored(v, blobs)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await loadStored(v, blobs)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
