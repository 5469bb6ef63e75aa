import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from '../../services/config';

const dir = () => mkdtempSync(join(tmpdir(), 'keel-config-'));
const root = resolve(__dirname, '../..');

describe('loadConfig', () => {
  it('parses an empty directory into defaults', () => {
    const { config, file } = loadConfig({ cwd: dir(), env: {} });
    expect(file).toBeUndefined();
    expect(config.temporal.taskQueues.agents).toBe('keel-agents');
    expect(config.api.port).toBe(8080);
    expect(config.store.url).toBe('sqlite:keel.sqlite');
  });

  it('applies named and generic environment overrides', () => {
    const { config } = loadConfig({
      cwd: dir(),
      env: { TEMPORAL_ADDRESS: 'temporal:7233', KEEL_API_PORT: '9000', KEEL__agents__maxSteps: '7', DATABASE_URL: 'postgres://u@h/db' },
    });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.api.port).toBe(9000);
    expect(config.agents.maxSteps).toBe(7);
    expect(config.store.url).toBe('postgres://u@h/db');
  });

  it('names the file, the path and the reason of an invalid value', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'keel.yaml'), 'api:\n  port: "eighty"\nrouter:\n  deployments:\n    - id: x\n      provider: azure\n      model: m\n');
    let error: ConfigError | undefined;
    try {
      loadConfig({ cwd, env: {} });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain(join(cwd, 'keel.yaml'));
    expect(error!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['api.port', 'router.deployments.0.provider']));
  });

  it('rejects YAML that does not parse, and a named file that does not exist', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'keel.yaml'), 'api: [unclosed\n');
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/not valid YAML/);
    expect(() => loadConfig({ cwd, env: { KEEL_CONFIG: 'missing.yaml' } })).toThrow(/file not found/);
  });

  it('makes `keel start` fail at start-up with the path and the reason', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'bad.yaml'), 'agents:\n  maxSteps: -1\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), 'start'], {
      cwd: root, env: { ...process.env, KEEL_CONFIG: join(cwd, 'bad.yaml') }, encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toContain('agents.maxSteps');
  });
});
