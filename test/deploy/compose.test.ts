// docker-compose.yml, loaded as `docker compose config` loads it (compose-go, no engine): it is a
// valid Compose project with .env.example's values and every profile; it runs the whole stack
// under the names the README uses; every long-running service has a health check and Keel's wait
// for healthy dependencies; every variable it gives Keel is one Keel's configuration reads, and
// together they make a valid configuration; the encryption keys every Keel process must share come
// from .env; workers get longer than their SIGTERM drain before Docker kills them, and their health
// checks probe the port their health listener serves. A broken file is refused with the loader's reason.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configEnvUsage, ConfigError, loadConfig } from '../../services/config';
import { loadSecretsKey } from '../../services/secrets';
import { parsePayloadKeyRing } from '../../services/temporal';
import { composeConfig, goDurationSeconds, type ComposeProject, type ComposeService } from '../support/compose-config';

const root = resolve(__dirname, '../..');
const composeFile = join(root, 'docker-compose.yml');
const envExample = join(root, '.env.example');
const ONE_SHOT = ['temporal-schema', 'temporal-namespace', 'seaweedfs-buckets'];
const KEEL = ['keel-api', 'keel-worker'];
/** Docker's stop grace period when a service sets none. */
const DOCKER_DEFAULT_STOP_SECONDS = 10;
/**
 * What a worker needs past its drain grace: the SDK then cancels what is still running, waits for
 * the cancellations, and the process closes its store, bus and connection before exiting.
 */
const AFTER_DRAIN_SECONDS = 10;

/** Keel's configuration as a service of the project sees it: the mounted keel.yaml and its environment. */
const keelConfigOf = (service: ComposeService) => {
  const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v ?? '']));
  return loadConfig({ file: join(root, 'keel.yaml'), env, cwd: root }).config;
};

/** How much longer than its SIGTERM drain the worker gets before SIGKILL (negative: killed mid-drain). */
const drainHeadroom = (project: ComposeProject) => {
  const worker = project.services['keel-worker'];
  const stop = worker.stop_grace_period ? goDurationSeconds(worker.stop_grace_period) : DOCKER_DEFAULT_STOP_SECONDS;
  return stop - keelConfigOf(worker).worker.shutdownGraceSeconds;
};

describe('docker-compose.yml', () => {
  let project: ComposeProject;

  beforeAll(() => {
    const loaded = composeConfig(composeFile, { envFile: envExample, profiles: ['*'] });
    if ('error' in loaded) throw new Error(`docker-compose.yml is refused:\n${loaded.error}`);
    project = loaded.project;
  }, 300_000);

  it('runs the whole stack, the optional parts under profiles', () => {
    expect(Object.keys(project.services).sort()).toEqual(
      [
        'clickhouse', 'embeddings', 'keel-api', 'keel-worker', 'langfuse-web', 'langfuse-worker', 'nats', 'postgres', 'qdrant', 'redis',
        'seaweedfs', 'seaweedfs-buckets', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'vllm',
      ].sort(),
    );
    const profileOf = (name: string) => project.services[name].profiles ?? [];
    for (const name of ['langfuse-web', 'langfuse-worker', 'clickhouse', 'redis']) expect(profileOf(name), name).toEqual(['langfuse']);
    for (const name of ['vllm', 'embeddings']) expect(profileOf(name), name).toEqual(['gpu']);
    expect(project.services['keel-api'].build).toBeDefined();
    expect(project.services['keel-worker'].command).toEqual(['node', 'dist/services/worker/main.js']);
  });

  it('gives every long-running service a health check and pins every image but Keel’s own', () => {
    for (const [name, service] of Object.entries(project.services)) {
      if (ONE_SHOT.includes(name)) {
        expect(service.restart, name).toBe('no');
        continue;
      }
      expect(service.healthcheck?.test?.length ?? 0, `${name} has no health check`).toBeGreaterThan(0);
      expect(service.healthcheck?.disable ?? false, name).toBe(false);
      if (!service.build) expect(service.image, name).toMatch(/:[\w.-]+$/);
      if (!service.build) expect(service.image, name).not.toMatch(/:latest$/);
    }
  });

  it('starts Keel only once its dependencies are healthy and the buckets exist', () => {
    for (const name of ['keel-api', 'keel-worker']) {
      const deps = project.services[name].depends_on ?? {};
      for (const dep of ['postgres', 'temporal', 'nats', 'qdrant', 'seaweedfs']) expect(deps[dep]?.condition, `${name} → ${dep}`).toBe('service_healthy');
      expect(deps['seaweedfs-buckets']?.condition).toBe('service_completed_successfully');
    }
    expect(project.services.temporal.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
  });

  it('sets only variables Keel reads, which together make a valid configuration', () => {
    const usage = configEnvUsage();
    const baseline = JSON.stringify(loadConfig({ file: join(root, 'keel.yaml'), env: {}, cwd: root }).config);
    const reads = (env: Record<string, string>) => {
      try {
        return JSON.stringify(loadConfig({ file: join(root, 'keel.yaml'), env, cwd: root }).config) !== baseline;
      } catch (err) {
        if (err instanceof ConfigError) return true; // refused the value, so it read it
        throw err;
      }
    };
    for (const name of ['keel-api', 'keel-worker']) {
      const env = Object.fromEntries(Object.entries(project.services[name].environment ?? {}).map(([k, v]) => [k, v ?? '']));
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(['KEEL_BUS_URL', 'DATABASE_URL', 'QDRANT_URL', 'KEEL__ingest__blobs__endpoint', 'KEEL__ingest__blobs__bucket', 'KEEL_PAYLOAD_KEYS', 'KEEL_SECRETS_KEY']),
      );
      for (const [key, value] of Object.entries(env)) {
        // Read by the tracing exporter or the AWS SDK rather than the config loader: named in the usage text.
        if (usage.includes(key) || /^AWS_/.test(key)) continue;
        expect(reads({ [key]: value }) || reads({ [key]: '__probe__' }), `${name}: ${key} is not a Keel configuration variable`).toBe(true);
      }
      const { config } = loadConfig({ file: join(root, 'keel.yaml'), env, cwd: root });
      expect(config.store.url).toMatch(/^postgres:\/\/keel:[^@]+@postgres:5432\/keel$/);
      expect(config.ingest.blobs).toMatchObject({ backend: 's3', bucket: 'keel-blobs', endpoint: 'http://seaweedfs:8333' });
      expect(config.vector.backend).toBe('qdrant');
    }
  });

  it('gives every Keel service the same payload key ring and secrets key, taken from .env', () => {
    const payloadKeys = `k1:${randomBytes(32).toString('base64')},k0:${randomBytes(32).toString('base64')}`;
    const secretsKey = randomBytes(32).toString('base64');
    const env = join(mkdtempSync(join(tmpdir(), 'keel-compose-env-')), '.env');
    writeFileSync(
      env,
      readFileSync(envExample, 'utf8')
        .replace(/^KEEL_PAYLOAD_KEYS=.*$/m, `KEEL_PAYLOAD_KEYS=${payloadKeys}`)
        .replace(/^KEEL_SECRETS_KEY=.*$/m, `KEEL_SECRETS_KEY=${secretsKey}`),
    );
    const loaded = composeConfig(composeFile, { envFile: env, profiles: ['*'] });
    if ('error' in loaded) throw new Error(loaded.error);
    const dataDir = mkdtempSync(join(tmpdir(), 'keel-compose-data-'));
    for (const name of KEEL) {
      const serviceEnv = loaded.project.services[name].environment ?? {};
      expect(serviceEnv.KEEL_PAYLOAD_KEYS, name).toBe(payloadKeys);
      expect(serviceEnv.KEEL_SECRETS_KEY, name).toBe(secretsKey);
      // What each process makes of them: the ring the codec uses, the key secrets are sealed with.
      expect(parsePayloadKeyRing(serviceEnv.KEEL_PAYLOAD_KEYS ?? '', 'KEEL_PAYLOAD_KEYS').current.id).toBe('k1');
      expect(loadSecretsKey({ dataDir, env: { KEEL_SECRETS_KEY: serviceEnv.KEEL_SECRETS_KEY ?? '' } }).toString('base64')).toBe(secretsKey);
    }
  });

  it('holds no literal secret for Keel: each is a variable from .env, the keys required', () => {
    const raw = parseYaml(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    for (const name of KEEL) {
      const env = raw.services[name].environment ?? {};
      const secretNamed = Object.keys(env).filter((key) => /key|secret|password|token/i.test(key) || key === 'DATABASE_URL');
      expect(secretNamed).toEqual(expect.arrayContaining(['KEEL_PAYLOAD_KEYS', 'KEEL_SECRETS_KEY', 'QDRANT_API_KEY', 'DATABASE_URL']));
      for (const key of secretNamed) expect(String(env[key]), `${name}: ${key}`).toMatch(/\$\{[A-Z0-9_]+:[?-][^}]*\}/);
      for (const key of ['KEEL_PAYLOAD_KEYS', 'KEEL_SECRETS_KEY']) expect(env[key], `${name}: ${key}`).toBe(`\${${key}:?set ${key} in .env}`);
    }
    const example = readFileSync(envExample, 'utf8');
    expect(example).toMatch(/^KEEL_PAYLOAD_KEYS=k1:CHANGE-ME/m);
    expect(example).toMatch(/^KEEL_SECRETS_KEY=CHANGE-ME/m);
    expect(example).toMatch(/openssl rand -base64 32.*\nKEEL_SECRETS_KEY=/);
  });

  it('gives workers (and the API) longer than the SIGTERM drain before Docker kills them', () => {
    expect(drainHeadroom(project)).toBeGreaterThanOrEqual(AFTER_DRAIN_SECONDS);
    const api = project.services['keel-api'];
    expect(goDurationSeconds(api.stop_grace_period ?? '0s')).toBeGreaterThan(DOCKER_DEFAULT_STOP_SECONDS);
  });

  it('a drain grace raised past the stop grace period is caught', () => {
    const raised = join(mkdtempSync(join(tmpdir(), 'keel-compose-')), 'docker-compose.yml');
    const text = readFileSync(composeFile, 'utf8').replace('      KEEL__worker__health__port: "9090"\n', '      KEEL__worker__health__port: "9090"\n      KEEL__worker__shutdownGraceSeconds: "40"\n');
    writeFileSync(raised, text.replaceAll('./', `${root}/`));
    const loaded = composeConfig(raised, { envFile: envExample, profiles: ['*'] });
    if ('error' in loaded) throw new Error(loaded.error);
    expect(keelConfigOf(loaded.project.services['keel-worker']).worker.shutdownGraceSeconds).toBe(40);
    expect(drainHeadroom(loaded.project)).toBeLessThan(AFTER_DRAIN_SECONDS);
  });

  it('probes each Keel process’s own /readyz: the API port, and the health port each worker serves', () => {
    const api = project.services['keel-api'];
    expect(api.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs', 'api']);
    expect(api.ports?.map((p) => p.target)).toEqual([keelConfigOf(api).api.port]);

    const worker = project.services['keel-worker'];
    const { health } = keelConfigOf(worker).worker;
    expect(health.port).toBeGreaterThan(0);
    // Reachable from the compose network, not only from inside the container.
    expect(health.host).toBe('0.0.0.0');
    expect(worker.expose).toEqual([String(health.port)]);
    // scripts/healthcheck.mjs reads the port from the environment (not keel.yaml): it must be there.
    expect(worker.environment?.KEEL__worker__health__port).toBe(String(health.port));
    expect(worker.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs', 'worker']);
    // Replicas share the service: a published host port would collide.
    expect(worker.ports ?? []).toEqual([]);
  });

  describe('refuses a broken file with the reason', () => {
    const variant = (edit: (text: string) => string) => {
      const dir = mkdtempSync(join(tmpdir(), 'keel-compose-'));
      const file = join(dir, 'docker-compose.yml');
      // The relative bind mounts stay valid: the variant lives elsewhere, so make them absolute.
      writeFileSync(file, edit(readFileSync(composeFile, 'utf8')).replaceAll('./', `${root}/`));
      return file;
    };
    const refused = (file: string, envFile: string | undefined = envExample) => {
      const result = composeConfig(file, { envFile, profiles: ['*'] });
      expect('error' in result, 'the broken file was accepted').toBe(true);
      return 'error' in result ? result.error : '';
    };

    it('a dependency on a service that does not exist', () => {
      expect(refused(variant((t) => t.replace('nats: { condition: service_healthy }', 'natz: { condition: service_healthy }')))).toMatch(/natz/);
    });
    it('a key the Compose specification does not have', () => {
      expect(refused(variant((t) => t.replace('    healthcheck:\n      test: ["CMD-SHELL", "pg_isready', '    healthchek:\n      test: ["CMD-SHELL", "pg_isready')))).toMatch(/healthchek/);
    });
    it.each(['POSTGRES_PASSWORD', 'KEEL_PAYLOAD_KEYS', 'KEEL_SECRETS_KEY'])('a secret missing from the env file: %s', (name) => {
      const env = join(mkdtempSync(join(tmpdir(), 'keel-compose-env-')), '.env');
      writeFileSync(env, readFileSync(envExample, 'utf8').replace(new RegExp(`^${name}=.*$`, 'm'), ''));
      expect(refused(composeFile, env)).toMatch(new RegExp(`set ${name} in .env`));
    });
  });
});
