// Loads keel.yaml (or KEEL_CONFIG), applies environment overrides, validates with zod.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KeelConfigSchema, type KeelConfig } from './schema';

export class ConfigError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(
      `invalid configuration${file ? ` in ${file}` : ''}:\n` +
        issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
  }
}

/** Named variables for the settings operators change most. */
const NAMED_OVERRIDES: Record<string, string[]> = {
  KEEL_DATA_DIR: ['dataDir'],
  KEEL_ENVIRONMENT: ['environment'],
  TEMPORAL_ADDRESS: ['temporal', 'address'],
  TEMPORAL_NAMESPACE: ['temporal', 'namespace'],
  KEEL_API_HOST: ['api', 'host'],
  KEEL_API_PORT: ['api', 'port'],
  KEEL_PUBLIC_URL: ['api', 'publicUrl'],
  KEEL_STORE_URL: ['store', 'url'],
  DATABASE_URL: ['store', 'url'],
  KEEL_EXAMPLES_DIR: ['examplesDir'],
  KEEL_VECTOR_BACKEND: ['vector', 'backend'],
  KEEL_BUS_URL: ['bus', 'url'],
  QDRANT_URL: ['vector', 'qdrant', 'url'],
  QDRANT_API_KEY: ['vector', 'qdrant', 'apiKey'],
};

/** The configuration variables every Keel process reads, for `--help` texts. */
export function configEnvUsage(): string {
  const named = Object.entries(NAMED_OVERRIDES).map(([name, path]) => `  ${name.padEnd(22)} ${path.join('.')}`);
  return [
    '  KEEL_CONFIG            the configuration file (default: ./keel.yaml)',
    ...named,
    '  KEEL__section__key     any other key, e.g. KEEL__agents__maxSteps=10 (numbers, booleans, JSON)',
    '  LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGFUSE_BASEURL   export traces to Langfuse',
    '  AWS_REGION and the AWS credential chain                      Bedrock deployments',
    '  KEEL_PAYLOAD_KEYS      Temporal payload key ring, id:base64key,… (the first encrypts; default: <dataDir>/payload.keys)',
    '  KEEL_SECRETS_KEY       the key tenant secrets are encrypted with, base64 of 32 bytes (default: <dataDir>/secrets.key)',
  ].join('\n');
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function parseScalar(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Applies named variables and generic `KEEL__section__key=value` ones (values parsed as numbers, booleans or JSON). */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  for (const [name, path] of Object.entries(NAMED_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, parseScalar(value));
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('KEEL__') || value === undefined) continue;
    setPath(raw, name.slice('KEEL__'.length).split('__'), parseScalar(value));
  }
  return raw;
}

export interface LoadedConfig {
  config: KeelConfig;
  /** The file read, if any. */
  file?: string;
  /** Absolute directory relative paths in the config resolve against. */
  baseDir: string;
}

export function loadConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.file ?? env.KEEL_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'keel.yaml');
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (err) {
      throw new ConfigError(file, [{ path: '', message: `not valid YAML: ${(err as Error).message}` }]);
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ConfigError(file, [{ path: '', message: 'expected a mapping at the top level' }]);
    }
    raw = parsed as Record<string, unknown>;
  } else if (explicit) {
    throw new ConfigError(file, [{ path: '', message: 'file not found' }]);
  }
  applyEnvOverrides(raw, env);
  const result = KeelConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      existsSync(file) ? file : undefined,
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return { config: result.data, file: existsSync(file) ? file : undefined, baseDir: cwd };
}

export function resolveDataPath(loaded: LoadedConfig, ...parts: string[]) {
  const base = isAbsolute(loaded.config.dataDir) ? loaded.config.dataDir : resolve(loaded.baseDir, loaded.config.dataDir);
  return resolve(base, ...parts);
}
