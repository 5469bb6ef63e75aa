// AES-256-GCM for values at rest. The owner (tenant + name) is the additional authenticated data,
// so a ciphertext copied to another tenant's row, or renamed, does not decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretCipher {
  /** Short, non-secret id of the key (for rotation): stored with every ciphertext. */
  readonly keyId: string;
  seal(plaintext: string, owner: string): string;
  open(sealed: string, owner: string): string;
}

export function secretCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes (AES-256)');
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    keyId,
    seal(plaintext, owner) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(owner, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed, owner) {
      const [version, sealedKeyId, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || !body) throw new Error('unrecognised secret format');
      if (sealedKeyId !== keyId) throw new Error(`secret was sealed with key ${sealedKeyId}, not the configured key ${keyId}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
