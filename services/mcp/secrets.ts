// Secret references in server specs are resolved here and nowhere else: the resolved values
// live only in the pool's transports and are scrubbed from every error message it produces.
import type { McpServerSpec, MaybeSecret, SecretRef } from './types';
import { McpCallError } from './errors';

/** Resolves a named secret (`{ secret: name }`); return undefined when unknown. */
export type SecretResolver = (name: string) => string | undefined;

/** Default: named secrets come from env `KEEL_SECRET_<NAME>` (name upper-cased, non-alphanumerics as `_`). */
export const envSecretResolver: SecretResolver = (name) =>
  process.env[`KEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];

export interface ResolvedStdio {
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}
export interface ResolvedHttp {
  transport: 'http';
  url: URL;
  headers: Record<string, string>;
  egress: 'any' | 'public';
}
export type ResolvedSpec = (ResolvedStdio | ResolvedHttp) & { secrets: string[] };

export function resolveSpec(spec: McpServerSpec, resolveSecret: SecretResolver): ResolvedSpec {
  const secrets: string[] = [];
  const value = (v: MaybeSecret, where: string): string => {
    if (typeof v === 'string') return v;
    const resolved = resolveRef(v);
    if (resolved === undefined) {
      throw new McpCallError('config', spec.name, `secret for ${where} is not available (${describeRef(v)})`);
    }
    if (resolved.length > 0) secrets.push(resolved);
    return resolved;
  };
  const resolveRef = (ref: SecretRef) => ('fromEnv' in ref ? process.env[ref.fromEnv] : resolveSecret(ref.secret));

  if (spec.transport === 'stdio') {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = value(v, `env ${k}`);
    return { transport: 'stdio', command: spec.command, args: spec.args ?? [], env, cwd: spec.cwd, secrets };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = value(v, `header ${k}`);
  if (spec.bearerTokenRef) headers.Authorization = `Bearer ${value(spec.bearerTokenRef, 'bearer token')}`;
  return { transport: 'http', url: new URL(spec.url), headers, egress: spec.egress ?? 'any', secrets };
}

/** Names the reference without its value, for error messages. */
export function describeRef(ref: SecretRef): string {
  return 'fromEnv' in ref ? `env ${ref.fromEnv}` : `secret ${ref.secret}`;
}

export function makeRedactor(secrets: string[]): (s: string) => string {
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (s) => s;
  return (s) => sorted.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
}
