// A real Temporal dev server (the CLI binary installed by scripts/setup.mjs) per test file. Its
// client encrypts payloads as Keel's do, with a key ring made for this test process; the platform
// harness configures the same ring, and workers a test builds itself take testDataConverter().
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmPayloadCodec, devServerArgs, encryptedDataConverter, newPayloadKeyEntry, parsePayloadKeyRing } from '../../services/temporal';

/** `temporal.payloadKeys` for every platform a test starts (a child worker reads it from its keel.yaml). */
export const TEST_PAYLOAD_KEYS = newPayloadKeyEntry('test-key');
export const testPayloadCodec = new AesGcmPayloadCodec(parsePayloadKeyRing(TEST_PAYLOAD_KEYS, 'test key ring'));
export const testDataConverter = () => encryptedDataConverter(testPayloadCodec);

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: inject('temporalCliPath') },
      extraArgs: [...devServerArgs(), '--log-level', 'error'],
    },
    client: { dataConverter: testDataConverter() },
  });
}

export const workflowBundlePath = () => inject('workflowBundlePath');

/**
 * A fetched history (or any part of it) with every payload decrypted by the test key ring: what
 * tests about the contents and sizes of history read (Temporal itself holds only ciphertext).
 */
export async function decryptHistory<T>(value: T): Promise<T> {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array || 'toNumber' in value) return value;
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => decryptHistory(v)))) as T;
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') {
    const [decoded] = await testPayloadCodec.decode([o as { metadata: Record<string, Uint8Array>; data: Uint8Array }]);
    return decoded as T;
  }
  return Object.fromEntries(await Promise.all(Object.entries(o).map(async ([k, v]) => [k, await decryptHistory(v)]))) as T;
}
