#!/usr/bin/env node
// The Docker HEALTHCHECK of the one Keel image. A container running the API is healthy when its
// /readyz answers 200 (store, Temporal and the bus reachable), so compose's `service_healthy` waits
// for a ready API; a worker container serves no port and is healthy while its process runs.
import { readdirSync, readFileSync } from 'node:fs';

const commandLines = readdirSync('/proc')
  .filter((entry) => /^\d+$/.test(entry))
  .map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  });
if (!commandLines.some((line) => line.includes('services/api/main.js'))) process.exit(0);

const host = [undefined, '', '0.0.0.0', '::'].includes(process.env.KEEL_API_HOST) ? '127.0.0.1' : process.env.KEEL_API_HOST;
const port = process.env.KEEL_API_PORT || '8080';
const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/readyz`, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
process.exit(response?.ok ? 0 : 1);
