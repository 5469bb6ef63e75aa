// The console's typed client stays in step with the API: the committed console/src/api-types/ is
// what openapi-typescript makes of today's OpenAPI document, one file per API tag (regenerate with
// `npm run console:types`), and the console type-checks against it.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { apiTypesFiles, staleApiTypes } from '../../scripts/console-api-types';

const root = resolve(__dirname, '../..');

it('console/src/api-types/ is generated from the current OpenAPI document', async () => {
  const fresh = await apiTypesFiles();
  expect(staleApiTypes(fresh), 'console/src/api-types/ is stale: run `npm run console:types`').toEqual([]);
  expect(Object.values(fresh).join('')).toContain('"/v1/console/session"');
});

it('the console type-checks against it', () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', resolve(root, 'console')], { cwd: root, stdio: 'pipe' });
});
