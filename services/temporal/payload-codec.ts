// Temporal payload encryption (the layout of Temporal's encryption samples): each payload, metadata
// and all, is serialised and sealed with AES-256-GCM under the ring's current key and a fresh
// 96-bit IV; the result is `iv ‖ ciphertext ‖ tag` with metadata `encoding: binary/encrypted` and
// `encryption-key-id`. Decoding picks the key by that id, so histories written under an older key
// stay readable while it is kept in the ring. Payloads without the encrypted encoding pass through.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { decodePayload, encodePayload } from './payload-proto';
import type { PayloadKeyRing } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {}

  /** The id new payloads are encrypted under (not secret: it travels in every payload). */
  get currentKeyId(): string {
    return this.ring.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.ring.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(encodePayload(payload)), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [METADATA_ENCRYPTION_KEY_ID]: Buffer.from(id) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (utf8(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const id = utf8(payload.metadata?.[METADATA_ENCRYPTION_KEY_ID]);
      if (!id) throw new ValueError('cannot decrypt a payload without an encryption-key-id');
      const key = this.ring.byId.get(id);
      if (!key) throw new ValueError(`payload encrypted with key id "${id}", which is not in the key ring (KEEL_PAYLOAD_KEYS / temporal.payloadKeys): add that key behind the current one`);
      const data = payload.data ?? new Uint8Array(0);
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`encrypted payload (key id "${id}") is too short`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        return decodePayload(Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]));
      } catch {
        throw new ValueError(`encrypted payload does not decrypt with key id "${id}" (a different key under that id, or the payload was altered)`);
      }
    });
  }
}

/**
 * The module exporting Keel's `failureConverter` (messages and stack traces encoded, so the codec
 * encrypts them). `npm run build` copies it next to the compiled code.
 */
export const FAILURE_CONVERTER_PATH = join(__dirname, 'failure-converter.cjs');

/**
 * The data converter every Keel client and worker is built with: payloads and failure messages and
 * stack traces encrypted by `codec`. A workflow bundle must be built with the same
 * `failureConverterPath` (`workflowBundleOptions()` in services/worker).
 */
export const encryptedDataConverter = (codec: PayloadCodec): DataConverter => ({ payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH });
