import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER, environmentSecrets, isSecretField, luhnValid, maskString, maskValue } from '../../services/tracing/mask';

const redact = { mode: 'redact' as const, salt: 's' };

describe('masking', () => {
  it('redacts emails, phone numbers and Luhn-valid card numbers', () => {
    const text = 'Mail jane.doe@example.co.uk or call +1 (415) 555-2671; card 4111 1111 1111 1111.';
    const out = maskString(text, redact);
    expect(out).toBe('Mail [EMAIL] or call [PHONE]; card [CARD].');
  });

  it('leaves numbers that are not cards, dates, times and addresses alone', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    const text = 'order 4111111111111112 placed 2026-11-23 14:05:09 from 192.168.10.20, 3 items, total 1234';
    expect(maskString(text, redact)).toBe(text);
  });

  it('removes credentials in every mode, including off', () => {
    const text = 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_sig_sig key sk-proj-abcdefghijklmnop1234 aws AKIAIOSFODNN7EXAMPLE';
    for (const mode of ['off', 'redact', 'hash'] as const) {
      const out = maskString(text, { mode, salt: 's' });
      expect(out).not.toContain('eyJhbGci');
      expect(out).not.toContain('sk-proj-abcdefghijklmnop1234');
      expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(out).toContain('Bearer [REDACTED:token]');
    }
  });

  it("removes Keel's own API keys from prompts in every mode", async () => {
    const { randomBytes } = await import('node:crypto');
    const key = `keel_${randomBytes(24).toString('base64url')}`; // the format services/store/tenants.ts issues
    const text = `use ${key} to call the API, or (${key}). Metric keel_model_requests_total stays.`;
    for (const mode of ['off', 'redact', 'hash'] as const) {
      const out = maskString(text, { mode, salt: 's' });
      expect(out).not.toContain(key.slice(5));
      expect(out).toContain('use [REDACTED:api_key] to call');
      expect(out).toContain('keel_model_requests_total');
    }
  });

  it('drops values of secret-named fields in every mode and keeps token counts', () => {
    const value = {
      apiKey: 'abc',
      headers: { Authorization: 'Basic xyz', 'x-api-key': 'k' },
      nested: [{ password: 'hunter2', access_token: 't', client_secret: 's' }],
      max_tokens: 512,
      usage: { inputTokens: 10 },
      list: [{ name: 'Authorization', value: 'Bearer abc' }],
    };
    for (const mode of ['off', 'redact', 'hash'] as const) {
      const out = maskValue(value, { mode }) as typeof value;
      expect(out.apiKey).toBe(SECRET_PLACEHOLDER);
      expect(out.headers.Authorization).toBe(SECRET_PLACEHOLDER);
      expect(out.headers['x-api-key']).toBe(SECRET_PLACEHOLDER);
      expect(out.nested[0]).toEqual({ password: SECRET_PLACEHOLDER, access_token: SECRET_PLACEHOLDER, client_secret: SECRET_PLACEHOLDER });
      expect(out.list[0].value).toBe(SECRET_PLACEHOLDER);
      expect(out.max_tokens).toBe(512);
      expect(out.usage.inputTokens).toBe(10);
    }
    expect(value.apiKey).toBe('abc');
    expect(isSecretField('max_tokens')).toBe(false);
    expect(isSecretField('refreshToken')).toBe(true);
  });

  it('treats long opaque values in key-like fields as secrets unless masking is off', () => {
    const value = { accessKeyId: 'Z9x8C7v6B5n4M3a2S1d0Q9w8', signingKey: 'abcdefghijklmnopqrstuvwxyz0123', keyword: 'refund' };
    expect(maskValue(value, redact)).toEqual({ accessKeyId: SECRET_PLACEHOLDER, signingKey: SECRET_PLACEHOLDER, keyword: 'refund' });
    expect(maskValue(value, { mode: 'off' })).toEqual(value);
  });

  it('hash mode gives stable, salted pseudonyms', () => {
    const a = maskString('jane@example.com', { mode: 'hash', salt: 'one' });
    expect(a).toMatch(/^\[EMAIL:[0-9a-f]{12}\]$/);
    expect(maskString('jane@example.com', { mode: 'hash', salt: 'one' })).toBe(a);
    expect(maskString('john@example.com', { mode: 'hash', salt: 'one' })).not.toBe(a);
    expect(maskString('jane@example.com', { mode: 'hash', salt: 'two' })).not.toBe(a);
  });

  it('removes known secret values wherever they appear, and finds them in credential-named env vars', () => {
    const secrets = environmentSecrets({ PAYMENTS_API_KEY: 'pay_live_7fG2kQ9xZ', DB_PASSWORD: 'short', PATH: '/usr/local/bin:/usr/bin', HOME: '/home/keel' });
    expect(secrets).toEqual(['pay_live_7fG2kQ9xZ']);
    const out = maskString('the key is pay_live_7fG2kQ9xZ, really pay_live_7fG2kQ9xZ', { mode: 'off', secrets });
    expect(out).toBe(`the key is ${SECRET_PLACEHOLDER}, really ${SECRET_PLACEHOLDER}`);
  });

  it('off mode keeps PII', () => {
    expect(maskString('jane@example.com +1 415 555 2671', { mode: 'off' })).toBe('jane@example.com +1 415 555 2671');
  });
});
