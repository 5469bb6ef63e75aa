// docker-compose.yml, loaded as `docker compose config` loads it (compose-go, no engine): it is a
// valid Compose project with .env.example's values and every profile; it runs the whole stack
// under the names the README uses; every long-running service has a health check and Keel's wait
// for healthy dependencies; every variable it gives Keel is one Keel's configuration reads, and
// together they make a valid configuration. A broken file is refused with the loader's reason.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configEnvUsage, ConfigError, loadConfig } from '../../services/config';
import { composeConfig, type ComposeProject } from '../support/compose-config';

const root = resolve(__dirname, '../..');
const composeFile = join(root, 'docker-compose.yml');
const envExample = join(root, '.env.example');
const ONE_SHOT = ['temporal-schema', 'temporal-namespace', 'seaweedfs-buckets'];

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
      expect(Object.keys(env)).toEqual(expect.arrayContaining(['KEEL_BUS_URL', 'DATABASE_URL', 'QDRANT_URL', 'KEEL__ingest__blobs__endpoint', 'KEEL__ingest__blobs__bucket']));
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
    it('a secret missing from the env file', () => {
      const env = join(mkdtempSync(join(tmpdir(), 'keel-compose-env-')), '.env');
      writeFileSync(env, readFileSync(envExample, 'utf8').replace(/^POSTGRES_PASSWORD=.*$/m, ''));
      expect(refused(composeFile, env)).toMatch(/POSTGRES_PASSWORD/);
    });
  });
});
