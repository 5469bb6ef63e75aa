#!/usr/bin/env node
// The Docker HEALTHCHECK of the one Keel image: healthy when the process's /readyz answers 200.
//   node scripts/healthcheck.mjs api      the API, on KEEL_API_HOST / KEEL_API_PORT (default 8080)
//   node scripts/healthcheck.mjs worker   a worker, on KEEL__worker__health__host / __port (worker.health);
//                                         unhealthy when the port is not set in the environment
//   node scripts/healthcheck.mjs          which of the two this container runs (its command line); a
//                                         worker without a health port in the environment is healthy
//                                         while its process runs
// Only the environment is read (not keel.yaml): set the worker's health port there for it to be probed.
import { readdirSync, readFileSync } from 'node:fs';

function runningRole() {
  const commandLines = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
  if (commandLines.some((line) => line.includes('services/api/main.js'))) return 'api';
  if (commandLines.some((line) => line.includes('services/worker/main.js'))) return 'worker';
  return undefined;
}

const env = process.env;
const explicit = process.argv[2];
if (explicit !== undefined && explicit !== 'api' && explicit !== 'worker') {
  process.stderr.write(`healthcheck: unknown process "${explicit}" (api or worker)\n`);
  process.exit(2);
}
const role = explicit ?? runningRole();
if (role === undefined) process.exit(0);

const [hostVar, portVar] = role === 'api' ? ['KEEL_API_HOST', 'KEEL_API_PORT'] : ['KEEL__worker__health__host', 'KEEL__worker__health__port'];
const port = env[portVar] || (role === 'api' ? '8080' : '0');
if (!/^\d+$/.test(port) || Number(port) === 0) {
  if (role === 'worker' && explicit === undefined) process.exit(0);
  process.stderr.write(`healthcheck: ${portVar} must name the ${role}'s health port\n`);
  process.exit(1);
}
// A wildcard listener is reached on loopback from inside the container.
const host = [undefined, '', '0.0.0.0', '::'].includes(env[hostVar]) ? '127.0.0.1' : env[hostVar];
const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/readyz`, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
process.exit(response?.ok ? 0 : 1);
