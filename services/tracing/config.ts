// Tracing configuration. Every field has a default so `{}` parses; Langfuse credentials come
// from the environment (LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_BASEURL or
// LANGFUSE_BASE_URL) unless set explicitly.
import { z } from 'zod';

export const MaskingModeSchema = z.enum(['off', 'redact', 'hash']);
export type MaskingMode = z.infer<typeof MaskingModeSchema>;

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value && value.trim() !== '' ? value.trim() : undefined;
};

export const LangfuseConfigSchema = z.object({
  publicKey: z.string().optional().transform((v) => v ?? env('LANGFUSE_PUBLIC_KEY')),
  secretKey: z.string().optional().transform((v) => v ?? env('LANGFUSE_SECRET_KEY')),
  baseUrl: z
    .string()
    .url()
    .optional()
    .transform((v) => (v ?? env('LANGFUSE_BASEURL') ?? env('LANGFUSE_BASE_URL') ?? 'https://cloud.langfuse.com').replace(/\/+$/, '')),
  /** Spans per OTLP request. */
  flushAt: z.number().int().positive().default(256),
  /** Seconds between background exports. */
  flushIntervalSeconds: z.number().positive().default(2),
  /** Per-request export timeout. */
  timeoutSeconds: z.number().positive().default(10),
});
export type LangfuseConfig = z.infer<typeof LangfuseConfigSchema>;

export const TracingConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Langfuse environment attribute (e.g. production, staging). */
  environment: z
    .string()
    .min(1)
    .optional()
    .transform((v) => v ?? env('KEEL_ENV') ?? env('LANGFUSE_TRACING_ENVIRONMENT') ?? 'default'),
  langfuse: LangfuseConfigSchema.prefault({}),
  masking: z
    .object({
      /** Applied to everything exported; per-tenant overrides below. */
      mode: MaskingModeSchema.default('redact'),
      tenants: z.record(z.string(), MaskingModeSchema).default({}),
      /** Salt for `hash` mode so pseudonyms can't be reversed by hashing guesses. */
      hashSalt: z.string().optional().transform((v) => v ?? env('KEEL_TRACE_HASH_SALT') ?? 'keel'),
    })
    .prefault({}),
  localStore: z
    .object({
      /** Written even when exporting, so replay works offline. */
      enabled: z.boolean().default(true),
      /** Relative paths resolve against the data dir passed to createTraceRecorder. */
      path: z.string().min(1).default('traces.sqlite'),
      /**
       * `secrets-only` keeps PII in the local file (it never leaves the machine, and exact
       * replay needs the original values); `same-as-export` applies the tenant's mode too.
       */
      masking: z.enum(['secrets-only', 'same-as-export']).default('secrets-only'),
    })
    .prefault({}),
  /** Records held in memory before new ones are dropped (and counted). */
  queueSize: z.number().int().positive().default(10_000),
});
export type TracingConfig = z.infer<typeof TracingConfigSchema>;
export type TracingConfigInput = z.input<typeof TracingConfigSchema>;

export function langfuseConfigured(config: TracingConfig): boolean {
  return Boolean(config.enabled && config.langfuse.publicKey && config.langfuse.secretKey);
}

export function maskingModeFor(config: TracingConfig, tenantId: string | undefined): MaskingMode {
  return (tenantId && config.masking.tenants[tenantId]) || config.masking.mode;
}
