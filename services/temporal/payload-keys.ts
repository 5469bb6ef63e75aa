// The key ring the payload codec encrypts with: KEEL_PAYLOAD_KEYS when set, else the configured
// `temporal.payloadKeys`, else `<dataDir>/payload.keys` (generated with mode 0600 on first start, so
// `keel start` encrypts by default). A ring is `id:base64key,id:base64key`: the first key encrypts,
// every key decrypts, so rotating is putting a new key first and keeping the old ones behind it.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAYLOAD_KEYS_ENV = 'KEEL_PAYLOAD_KEYS';
export const PAYLOAD_KEYS_FILE = 'payload.keys';

export interface PayloadKeyRing {
  /** The key new payloads are encrypted with. */
  current: { id: string; key: Buffer };
  /** Every key a payload may have been encrypted with, by id (the current one included). */
  byId: ReadonlyMap<string, Buffer>;
}

// Key ids travel in clear in every payload's metadata: short, printable, no separators.
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses `id:base64key,…` (or a list of `id:base64key`); `where` names the source in errors, never the keys. */
export function parsePayloadKeyRing(text: string | readonly string[], where: string): PayloadKeyRing {
  const entries = (typeof text === 'string' ? text.split(/[,\n]/) : text).map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error(`${where}: no keys (expected id:base64key[,id:base64key…])`);
  const byId = new Map<string, Buffer>();
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) throw new Error(`${where}: entry ${i + 1} must be id:base64key, the id 1-64 of A-Z a-z 0-9 . _ -`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`${where}: key "${id}" must be the base64 of 32 random bytes (openssl rand -base64 32)`);
    if (byId.has(id)) throw new Error(`${where}: key id "${id}" appears twice`);
    byId.set(id, key);
  }
  const [id, key] = [...byId][0];
  return { current: { id, key }, byId };
}

/** A ring line for a fresh key: what the generated file holds. */
export const newPayloadKeyEntry = (id = `local-${randomBytes(4).toString('hex')}`) => `${id}:${randomBytes(32).toString('base64')}`;

export function loadPayloadKeyRing(opts: { dataDir: string; configured?: string | readonly string[]; env?: NodeJS.ProcessEnv }): PayloadKeyRing {
  const fromEnv = (opts.env ?? process.env)[PAYLOAD_KEYS_ENV];
  if (fromEnv) return parsePayloadKeyRing(fromEnv, PAYLOAD_KEYS_ENV);
  if (opts.configured && opts.configured.length > 0) return parsePayloadKeyRing(opts.configured, 'temporal.payloadKeys');
  const file = join(opts.dataDir, PAYLOAD_KEYS_FILE);
  if (existsSync(file)) return parsePayloadKeyRing(readFileSync(file, 'utf8'), file);
  mkdirSync(opts.dataDir, { recursive: true });
  const entry = newPayloadKeyEntry();
  // 'wx': two processes starting at once do not overwrite each other's key.
  try {
    writeFileSync(file, `${entry}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parsePayloadKeyRing(readFileSync(file, 'utf8'), file);
    throw err;
  }
  chmodSync(file, 0o600);
  return parsePayloadKeyRing(entry, file);
}
