// Secret references in server specs are resolved here and nowhere else: the resolved values
// live only in the pool's transports and are scrubbed from every error message it produces.
// An operator's server (keel.yaml) may read the worker's environment; a tenant's server reads
// only that tenant's own secrets, and its errors never say what the environment holds.
import type { McpServerSpec, MaybeSecret, SecretRef } from './types';
import { McpCallError } from './errors';

/** Resolves a named secret of the operator (`{ secret: name }` in keel.yaml); undefined when unknown. */
export type SecretResolver = (name: string) => string | undefined;

/** A tenant's named secret (services/secrets), for servers that tenant registered. */
export type TenantSecretResolver = (tenantId: string, name: string) => Promise<string | undefined>;

/** Default: named secrets come from env `KEEL_SECRET_<NAME>` (name upper-cased, non-alphanumerics as `_`). */
export const envSecretResolver: SecretResolver = (name) =>
  process.env[`KEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];

export interface SecretSources {
  operator: SecretResolver;
  tenant?: TenantSecretResolver;
}

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

export async function resolveSpec(spec: McpServerSpec, sources: SecretSources): Promise<ResolvedSpec> {
  const secrets: string[] = [];
  const resolveRef = spec.tenantId ? tenantRef(spec, spec.tenantId, sources.tenant) : operatorRef(spec, sources.operator);
  const value = async (v: MaybeSecret, where: string): Promise<string> => {
    if (typeof v === 'string') return v;
    const resolved = await resolveRef(v, where);
    if (resolved.length > 0) secrets.push(resolved);
    return resolved;
  };

  if (spec.transport === 'stdio') {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = await value(v, `env ${k}`);
    return { transport: 'stdio', command: spec.command, args: spec.args ?? [], env, cwd: spec.cwd, secrets };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = await value(v, `header ${k}`);
  if (spec.bearerTokenRef) headers.Authorization = `Bearer ${await value(spec.bearerTokenRef, 'bearer token')}`;
  return { transport: 'http', url: new URL(spec.url), headers, egress: spec.egress ?? 'any', secrets };
}

function operatorRef(spec: McpServerSpec, resolveSecret: SecretResolver) {
  return async (ref: SecretRef, where: string): Promise<string> => {
    const resolved = 'fromEnv' in ref ? process.env[ref.fromEnv] : resolveSecret(ref.secret);
    if (resolved === undefined) throw new McpCallError('config', spec.name, `secret for ${where} is not available (${describeRef(ref)})`);
    return resolved;
  };
}

function tenantRef(spec: McpServerSpec, tenantId: string, resolveSecret: TenantSecretResolver | undefined) {
  return async (ref: SecretRef): Promise<string> => {
    // Same message whatever the environment holds: a tenant learns nothing about it.
    if ('fromEnv' in ref) throw new McpCallError('config', spec.name, 'a tenant server cannot read the platform environment ({ fromEnv }); reference a tenant secret ({ secret: NAME })');
    const resolved = await resolveSecret?.(tenantId, ref.secret);
    if (resolved === undefined) throw new McpCallError('config', spec.name, `secret "${ref.secret}" is not set (keel secrets set ${ref.secret})`);
    return resolved;
  };
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
