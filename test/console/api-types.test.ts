// The console's typed client stays in step with the API: the committed console/src/api-types.ts
// is what openapi-typescript makes of today's OpenAPI document (regenerate with
// `npm run console:types`), and the console type-checks against it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/console-api-types';

const root = resolve(__dirname, '../..');

it('console/src/api-types.ts is generated from the current OpenAPI document', async () => {
  const fresh = await apiTypesSource();
  expect(readFileSync(API_TYPES_FILE, 'utf8') === fresh, 'console/src/api-types.ts is stale: run `npm run console:types`').toBe(true);
  expect(fresh).toContain('"/v1/console/session"');
});

it('the console type-checks against it', () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', resolve(root, 'console')], { cwd: root, stdio: 'pipe' });
});
