#!/usr/bin/env node
// npm preinstall: the native build of better-sqlite3 needs a C++ toolchain, make and python3.
// Installs them from Debian's packages when missing and we are root; otherwise says what to install.
import { spawnSync } from 'node:child_process';

const missing = ['g++', 'make', 'python3'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
if (missing.length === 0) process.exit(0);

const say = (m) => process.stdout.write(`[system-deps] ${m}\n`);
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (!isRoot || !hasApt) {
  say(`missing ${missing.join(', ')}: install a C++ toolchain, make and python3 (Debian: apt-get install -y build-essential python3)`);
  process.exit(1);
}
say(`installing build-essential python3 (missing: ${missing.join(', ')})`);
for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'build-essential', 'python3']]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
