// Where the operator's secrets key comes from: KEEL_SECRETS_KEY (base64 of 32 bytes) when set —
// what a deployment with separate API and worker processes must use, so both hold the same key —
// otherwise `<dataDir>/secrets.key`, generated with mode 0600 on first start (the single-process default).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRETS_KEY_ENV = 'KEEL_SECRETS_KEY';
export const SECRETS_KEY_FILE = 'secrets.key';

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must be the base64 of 32 random bytes (openssl rand -base64 32)`);
  return key;
}

export function loadSecretsKey(opts: { dataDir: string; env?: NodeJS.ProcessEnv }): Buffer {
  const fromEnv = (opts.env ?? process.env)[SECRETS_KEY_ENV];
  if (fromEnv) return decodeKey(fromEnv, SECRETS_KEY_ENV);
  const file = join(opts.dataDir, SECRETS_KEY_FILE);
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8'), file);
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': two processes starting at once do not overwrite each other's key.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey(readFileSync(file, 'utf8'), file);
    throw err;
  }
  chmodSync(file, 0o600);
  return key;
}
