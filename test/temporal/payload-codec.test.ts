// The payload codec on its own: AES-256-GCM with a fresh IV per payload, the key id in clear
// metadata, decryption by that id (rotation), clear errors for unknown ids and altered bytes, and
// the key ring's sources (env, config, a generated file with mode 0600).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { decodeFailure, decodeOptionalFailureToOptionalError, encodeErrorToFailure, encodeFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
// Only to check the hand-written wire format against protobufjs's (a dependency of @temporalio/common).
import { temporal } from '@temporalio/proto';
import {
  AesGcmPayloadCodec, encryptedDataConverter, ENCRYPTED_ENCODING, loadPayloadKeyRing, METADATA_ENCRYPTION_KEY_ID, newPayloadKeyEntry, parsePayloadKeyRing,
  payloadFromJson, payloadToJson, PAYLOAD_KEYS_FILE,
} from '../../services/temporal';

const A = newPayloadKeyEntry('key-a');
const B = newPayloadKeyEntry('key-b');
const codecOf = (ring: string) => new AesGcmPayloadCodec(parsePayloadKeyRing(ring, 'test'));
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');
const secret = 'the quarterly numbers for ACME are 12.7M';
const plain = (): Payload => defaultPayloadConverter.toPayload({ prompt: secret });

describe('AesGcmPayloadCodec', () => {
  it('encrypts each payload under the current key with its own IV, and decrypts it back whole', async () => {
    const codec = codecOf(`${A},${B}`);
    const [one, two] = await codec.encode([plain(), plain()]);
    for (const p of [one, two]) {
      expect(text(p.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata![METADATA_ENCRYPTION_KEY_ID])).toBe('key-a');
      expect(Buffer.from(p.data!).includes(Buffer.from('ACME'))).toBe(false);
    }
    // 12-byte IV first: two encryptions of the same payload share neither IV nor ciphertext.
    expect(Buffer.from(one.data!.subarray(0, 12)).equals(Buffer.from(two.data!.subarray(0, 12)))).toBe(false);
    const [back] = await codec.decode([one]);
    expect(defaultPayloadConverter.fromPayload(back)).toEqual({ prompt: secret });
    expect(text(back.metadata!.encoding)).toBe('json/plain');
  });

  it('serialises the payload exactly as protobuf does (readable by other SDKs with the same key)', async () => {
    const payload = { metadata: { encoding: Buffer.from('json/plain'), 'x-extra': Buffer.from([0, 255, 7]) }, data: Buffer.from('{"a":"é"}') };
    const [sealed] = await codecOf(A).encode([payload]);
    const { key } = parsePayloadKeyRing(A, 'test').current;
    const { createDecipheriv } = await import('node:crypto');
    const data = sealed.data!;
    const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    d.setAuthTag(data.subarray(data.length - 16));
    const inner = Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]);
    const viaProtobuf = temporal.api.common.v1.Payload.decode(inner);
    expect(text(viaProtobuf.data)).toBe('{"a":"é"}');
    expect([...viaProtobuf.metadata!['x-extra']]).toEqual([0, 255, 7]);
    // And a payload protobufjs wrote (field order, unknown fields) decodes through the codec.
    const foreign = temporal.api.common.v1.Payload.encode({ metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from('raw') }).finish();
    const { createCipheriv, randomBytes } = await import('node:crypto');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const wrapped = Buffer.concat([iv, c.update(foreign), c.final(), c.getAuthTag()]);
    const [decoded] = await codecOf(A).decode([{ metadata: sealed.metadata, data: wrapped }]);
    expect(text(decoded.data)).toBe('raw');
    expect(text(decoded.metadata!.encoding)).toBe('binary/plain');
  });

  it('after a rotation, decrypts payloads written under the old key and encrypts under the new one', async () => {
    const [old] = await codecOf(A).encode([plain()]);
    const rotated = codecOf(`${B},${A}`);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual({ prompt: secret });
    expect(text((await rotated.encode([plain()]))[0].metadata![METADATA_ENCRYPTION_KEY_ID])).toBe('key-b');
  });

  it('names the key id it does not hold, and refuses altered ciphertext', async () => {
    const [underB] = await codecOf(B).encode([plain()]);
    await expect(codecOf(A).decode([underB])).rejects.toThrow(/key id "key-b", which is not in the key ring/);
    const [underA] = await codecOf(A).encode([plain()]);
    const altered = Buffer.from(underA.data!);
    altered[20] ^= 1;
    await expect(codecOf(A).decode([{ ...underA, data: altered }])).rejects.toThrow(/does not decrypt with key id "key-a"/);
    await expect(codecOf(A).decode([{ metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: altered }])).rejects.toThrow(/without an encryption-key-id/);
  });

  it('passes payloads that are not encrypted through (histories written before encryption)', async () => {
    const p = plain();
    expect(await codecOf(A).decode([p])).toEqual([p]);
  });

  it('round-trips the codec-server JSON form', async () => {
    const [sealed] = await codecOf(A).encode([plain()]);
    const json = payloadToJson(sealed);
    expect(Buffer.from(json.metadata!.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const [back] = await codecOf(A).decode([payloadFromJson(json)]);
    expect(defaultPayloadConverter.fromPayload(back)).toEqual({ prompt: secret });
  });
});

describe('the payload key ring', () => {
  it('refuses malformed rings without echoing key material', () => {
    const short = `k1:${Buffer.alloc(16, 7).toString('base64')}`;
    expect(() => parsePayloadKeyRing(short, 'KEEL_PAYLOAD_KEYS')).toThrow(/KEEL_PAYLOAD_KEYS: key "k1" must be the base64 of 32 random bytes/);
    try {
      parsePayloadKeyRing(short, 'KEEL_PAYLOAD_KEYS');
    } catch (err) {
      expect((err as Error).message).not.toContain(short.slice(3));
    }
    expect(() => parsePayloadKeyRing(Buffer.alloc(32).toString('base64'), 'X')).toThrow(/entry 1 must be id:base64key/);
    expect(() => parsePayloadKeyRing(`${A},${A}`, 'X')).toThrow(/"key-a" appears twice/);
    expect(() => parsePayloadKeyRing(' , ', 'X')).toThrow(/no keys/);
    expect(parsePayloadKeyRing([B, A], 'X').current.id).toBe('key-b');
  });

  it('takes KEEL_PAYLOAD_KEYS over the configured ring, and the configured ring over the data dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keel-keys-'));
    expect(loadPayloadKeyRing({ dataDir, configured: A, env: { KEEL_PAYLOAD_KEYS: `${B},${A}` } }).current.id).toBe('key-b');
    expect(loadPayloadKeyRing({ dataDir, configured: [A], env: {} }).current.id).toBe('key-a');
    expect(statSync(dataDir).isDirectory()).toBe(true);
    expect(() => statSync(join(dataDir, PAYLOAD_KEYS_FILE))).toThrow();
  });

  it('generates a key into the data dir once (mode 0600) and reuses it', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keel-keys-')), 'data');
    const first = loadPayloadKeyRing({ dataDir, env: {} });
    const file = join(dataDir, PAYLOAD_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^local-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=\n$/);
    const again = loadPayloadKeyRing({ dataDir, env: {} });
    expect(again.current.id).toBe(first.current.id);
    expect(again.current.key.equals(first.current.key)).toBe(true);
  });
});

describe('encryptedDataConverter', () => {
  it('encodes failure messages and stack traces as a payload the codec encrypts, and reads them back', async () => {
    const converter = loadDataConverter(encryptedDataConverter(codecOf(A)));
    const error = ApplicationFailure.create({ message: `tool said: ${secret}`, type: 'ToolFailed', cause: new Error(`caused by ${secret}`) });
    const failure = await encodeErrorToFailure(converter, error);
    const sent = await encodeFailure(converter.payloadCodecs, failure);
    // What Temporal would store: no message, no stack, no cause text in clear.
    expect(sent.message).toBe('Encoded failure');
    expect(sent.stackTrace).toBe('');
    expect(sent.cause?.message).toBe('Encoded failure');
    expect(text(sent.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(temporal.api.failure.v1.Failure.encode(sent).finish()).includes(Buffer.from('ACME'))).toBe(false);

    const received = await decodeFailure(converter.payloadCodecs, sent);
    const back = (await decodeOptionalFailureToOptionalError(converter, received)) as ApplicationFailure;
    expect(back.message).toBe(`tool said: ${secret}`);
    expect(back.type).toBe('ToolFailed');
    expect(back.stack).toContain('payload-codec.test');
    expect((back.cause as Error).message).toBe(`caused by ${secret}`);
  });
});
