// What a secret may be called and hold: pure rules, shared by the secrets service and the specs
// that name a tenant's secrets (an S3 source's credentials).
import { z } from 'zod';

export const SecretName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
export const SecretValue = z.string().min(1).max(16 * 1024);
