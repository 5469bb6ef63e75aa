// Masking applied to every value before it leaves the process.
//  - Credentials are removed in every mode, `off` included: values of secret-named fields
//    (secret, password, token, apiKey, authorization, cookie, credentials, private key) and
//    credential-shaped text (Bearer tokens, sk-… and keel_… keys, AWS access key ids, JWTs, PEM keys).
//  - PII (emails, phone numbers, Luhn-valid card numbers) is kept (`off`), replaced by a
//    placeholder (`redact`) or by a salted, stable pseudonym (`hash`).
//  - Long opaque strings in key-like fields (`key`, `accessKeyId`, `x-foo-key`) count as
//    credentials unless the mode is `off`.
import { createHash } from 'node:crypto';
import type { MaskingMode } from './config';

export interface MaskOptions {
  mode: MaskingMode;
  salt?: string;
  /** Exact secret values (configured credentials) to remove wherever they appear, longest first. */
  secrets?: readonly string[];
}

const MIN_KNOWN_SECRET_LENGTH = 8;

/**
 * Values of environment variables named like credentials (OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY,
 * LANGFUSE_SECRET_KEY …): if one leaks into a prompt or tool result it is still never exported.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => value && value.length >= 12 && !/\s/.test(value) && isSecretField(name))
    .map(([, value]) => value!);
  return normaliseSecrets(values);
}

export function normaliseSecrets(values: Iterable<string>): string[] {
  return [...new Set([...values].filter((v) => v.length >= MIN_KNOWN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

export const SECRET_PLACEHOLDER = '[REDACTED:secret]';

const MAX_DEPTH = 32;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Field names whose values are credentials. `max_tokens`/`inputTokens` are not. */
export function isSecretField(key: string): boolean {
  const k = normaliseKey(key);
  if (k === '') return false;
  return (
    k.includes('password') ||
    k.includes('passwd') ||
    k.includes('secret') ||
    k.includes('apikey') ||
    k.includes('authorization') ||
    k.includes('privatekey') ||
    k.includes('credential') ||
    k.includes('cookie') ||
    k.endsWith('token') ||
    k === 'auth' ||
    k === 'pwd'
  );
}

/** Field names that often hold keys without saying "secret" (`key`, `accessKeyId`). */
function isKeyLikeField(key: string): boolean {
  const k = normaliseKey(key);
  return k === 'key' || k.endsWith('key') || k.endsWith('keyid') || k.endsWith('signature');
}

const LONG_OPAQUE = /^[A-Za-z0-9+/_=.-]{20,}$/;

const CREDENTIAL_PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[REDACTED:private_key]'],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, 'Bearer [REDACTED:token]'],
  [/\bBasic\s+[A-Za-z0-9+/]{8,}=*/g, 'Basic [REDACTED:token]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[REDACTED:jwt]'],
  [/\b(?:sk|pk|rk)-(?:[A-Za-z0-9]+-)?[A-Za-z0-9_-]{16,}/g, '[REDACTED:api_key]'],
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, '[REDACTED:aws_key]'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, '[REDACTED:api_key]'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, '[REDACTED:api_key]'],
];

// Keel's own API keys (services/store/tenants.ts): `keel_` and a random base64url secret, which
// (unlike an identifier such as keel_model_requests_total) has digits or capitals.
const KEEL_KEY = /(?<![A-Za-z0-9])keel_[A-Za-z0-9_.-]{20,}/g;
const maskKeelKey = (match: string) => (/[A-Z0-9]/.test(match.slice(5)) ? '[REDACTED:api_key]' : match);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE_CANDIDATE = /(?<![\w+:])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){1,4}(?![\w:])|\+\d{7,15}\b/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function pseudonym(kind: string, value: string, salt: string): string {
  const digest = createHash('sha256').update(`${salt}\u0000${value}`).digest('hex').slice(0, 12);
  return `[${kind}:${digest}]`;
}

function replacePii(kind: string, value: string, opts: MaskOptions): string {
  return opts.mode === 'hash' ? pseudonym(kind, value, opts.salt ?? '') : `[${kind}]`;
}

/** Masks one string: credentials always, PII according to the mode. */
export function maskString(text: string, opts: MaskOptions): string {
  let out = text;
  for (const secret of opts.secrets ?? []) if (out.includes(secret)) out = out.split(secret).join(SECRET_PLACEHOLDER);
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(KEEL_KEY, maskKeelKey);
  if (opts.mode === 'off') return out;
  out = out.replace(EMAIL, (m) => replacePii('EMAIL', m, opts));
  out = out.replace(CARD_CANDIDATE, (m) => {
    const digits = m.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? replacePii('CARD', digits, opts) : m;
  });
  out = out.replace(PHONE_CANDIDATE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return m;
    if (ISO_DATE.test(m) || DOTTED_QUAD.test(m)) return m;
    return replacePii('PHONE', digits, opts);
  });
  return out;
}

/** Deep-masks a JSON-like value. Never throws; never mutates its input. */
export function maskValue(value: unknown, opts: MaskOptions): unknown {
  return maskNode(value, opts, undefined, 0);
}

function maskNode(value: unknown, opts: MaskOptions, fieldName: string | undefined, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (fieldName !== undefined && isSecretField(fieldName)) return SECRET_PLACEHOLDER;
  if (typeof value === 'string') {
    if (fieldName !== undefined && opts.mode !== 'off' && isKeyLikeField(fieldName) && LONG_OPAQUE.test(value)) {
      return SECRET_PLACEHOLDER;
    }
    return maskString(value, opts);
  }
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED:depth]';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => maskNode(item, opts, undefined, depth + 1));
  if (isHeaderPair(value)) {
    // [{ name: 'Authorization', value: '...' }] style header lists.
    const pair = value as { name?: unknown; key?: unknown; value: unknown };
    const label = String(pair.name ?? pair.key);
    if (isSecretField(label)) return { ...pair, value: SECRET_PLACEHOLDER };
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    out[key] = maskNode(child, opts, key, depth + 1);
  }
  return out;
}

function isHeaderPair(value: object): boolean {
  const v = value as Record<string, unknown>;
  return 'value' in v && (typeof v.name === 'string' || typeof v.key === 'string');
}
