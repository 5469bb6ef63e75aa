// Writes console/src/api-types.ts (openapi-typescript over the API's OpenAPI document), or with
// --check fails when the committed file differs (test/console/api-types.test.ts runs the check).
// The document comes from buildApi with inert services: registering routes calls none of them.
//   tsx scripts/console-api-types.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApi, type ApiServices } from '../services/api';
import type { Store } from '../services/store';

export const API_TYPES_FILE = resolve(__dirname, '../console/src/api-types.ts');

// Plugin options are read as fastify options too (prefix, logLevel, …): those stay undefined.
const NOT_SERVICE = new Set(['then', 'name', 'prefix', 'logLevel', 'logSerializers', 'toJSON', 'bodyLimit']);
const inert = (values: Record<string, unknown> = {}): any =>
  new Proxy(function () {}, {
    get: (_t, p) => (typeof p === 'string' && p in values ? values[p] : p === Symbol.toPrimitive ? () => 1 : typeof p === 'symbol' || NOT_SERVICE.has(p) ? undefined : inert()),
    apply: () => inert(),
  });

const SERVICES: Array<keyof ApiServices> = [
  'registry', 'versions', 'workflows', 'runs', 'conversations', 'runStreams', 'router', 'audit', 'traces', 'replays',
  'search', 'ingest', 'tools', 'secrets', 'keys', 'codec', 'workflowRuns',
];

export async function apiTypesSource(): Promise<string> {
  const services = Object.fromEntries(SERVICES.map((s) => [s, inert()])) as ApiServices;
  services.routerMedia = undefined;
  services.ingest = inert({ maxUploadBytes: 1024 });
  const app = await buildApi({ store: inert() as Store, services });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  const ast = await openapiTS(doc as never, { alphabetize: true });
  return `// Generated from the API's OpenAPI document by scripts/console-api-types.ts — do not edit.\n/* eslint-disable */\n${astToString(ast)}`;
}

if (require.main === module) {
  apiTypesSource().then((source) => {
    if (process.argv.includes('--check')) {
      const current = readFileSync(API_TYPES_FILE, 'utf8');
      if (current !== source) {
        process.stderr.write('console/src/api-types.ts is out of date: run `npx tsx scripts/console-api-types.ts`\n');
        process.exit(1);
      }
      return;
    }
    writeFileSync(API_TYPES_FILE, source);
    process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
  }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
